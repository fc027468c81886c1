using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Generation;

public sealed class GridNetworkGeneratorTests
{
    [Fact]
    public void Should_Build_The_Grid_Netgenerate_Builds()
    {
        var net = GridNetworkGenerator.Build(3, blockLength: 200, lanes: 2);

        // netgenerate --grid --grid.number 3 --tls.guess: 9 junctions, 24 edges, 5 signals (all but the corners).
        Assert.Equal(9, net.Junctions.Count);
        Assert.Equal(24, net.Edges.Count);
        Assert.Equal(48, net.Lanes.Count);
        Assert.Equal(5, net.Signals.Count);
        Assert.Equal(4, net.Junctions.Count(j => j.Kind == JunctionKind.Priority));
        Assert.Equal(["A0", "B0", "C0", "A1"], net.Junctions.Take(4).Select(j => j.Id));
        Assert.True(net.EdgeIndex.ContainsKey("B1C1"));
        Assert.All(net.Edges, e => Assert.Equal(e.Id, net.Junctions[e.From].Id + net.Junctions[e.To].Id));
    }

    [Fact]
    public void Should_Connect_Every_Arm_Without_U_Turns_And_Let_Left_Turns_Yield_To_Oncoming_Traffic()
    {
        var net = GridNetworkGenerator.Build(3);
        var centre = net.Junctions.ToList().FindIndex(j => j.Id == "B1");
        var links = net.Connections.Where(c => c.Junction == centre).ToList();

        // Four arms, two lanes: per arm one right, two straight, one left.
        Assert.Equal(16, links.Count);
        Assert.Equal(4, links.Count(c => c.Turn == Turn.Left));
        Assert.All(links, c => Assert.NotEqual(net.Edges[net.Lanes[c.FromLane].Edge].From, net.Edges[net.Lanes[c.ToLane].Edge].To));
        Assert.All(links.Where(c => c.Turn == Turn.Right), c => Assert.Equal(0, net.Lanes[c.FromLane].IndexOnEdge));
        Assert.All(links.Where(c => c.Turn == Turn.Left), c => Assert.Equal(1, net.Lanes[c.FromLane].IndexOnEdge));

        var left = links.Single(c => c.Turn == Turn.Left && net.Lanes[c.FromLane].Id == "A1B1_1");
        Assert.False(left.Major);
        // Oncoming is C1 → B1: its straight (two lanes) and right links are the foes.
        var foes = left.Foes.Select(f => net.Connections[f]).ToList();
        Assert.Equal(3, foes.Count);
        Assert.All(foes, f => Assert.StartsWith("C1B1_", net.Lanes[f.FromLane].Id));
        Assert.DoesNotContain(foes, f => f.Turn == Turn.Left);
    }

    [Fact]
    public void Should_Give_Each_Axis_Its_Green_Then_Yellow()
    {
        var net = GridNetworkGenerator.Build(3);
        var plan = net.Signals.Single(s => net.Junctions[s.Junction].Id == "B1");
        var links = net.Connections.Where(c => c.Signal == net.Signals.ToList().IndexOf(plan)).OrderBy(c => c.LinkIndex).ToList();

        Assert.Equal(90, plan.Cycle);
        Assert.All(plan.Phases, p => Assert.Equal(links.Count, p.State.Length));
        for (var k = 0; k < links.Count; k++)
        {
            var eastWest = net.Edges[net.Lanes[links[k].FromLane].Edge].Id is "A1B1" or "C1B1";
            var green = links[k].Major ? 'G' : 'g';
            Assert.Equal(eastWest ? green : 'r', plan.Phases[0].State[k]);
            Assert.Equal(eastWest ? 'y' : 'r', plan.Phases[1].State[k]);
            Assert.Equal(eastWest ? 'r' : green, plan.Phases[2].State[k]);
        }
    }
}

public sealed class GridDemandGeneratorTests
{
    [Fact]
    public void Should_Make_Connected_Shortest_Routes_Departing_In_Order()
    {
        var net = GridNetworkGenerator.Build(12);
        var graph = new CityMesh.Simulation.Traffic.Routing.ShortestPaths(net);
        var demand = GridDemandGenerator.Build(net, trips: 500, departWindow: 600, maxBlocks: 4, seed: 3);

        Assert.Equal(500, demand.Trips.Count);
        Assert.Equal(demand.Trips.OrderBy(t => t.Depart).Select(t => t.Id), demand.Trips.Select(t => t.Id));
        Assert.All(demand.Trips, t => Assert.InRange(t.Depart, 0, 600));
        foreach (var trip in demand.Trips)
        {
            Assert.InRange(trip.Route.Count, 2, 8);
            for (var i = 1; i < trip.Route.Count; i++) Assert.True(graph.Graph.Leads(trip.Route[i - 1], trip.Route[i]), $"{trip.Id} is connected");
            // As short as the router's fastest route between the same edges.
            Assert.Equal(graph.Find(trip.Route[0], trip.Route[^1])!.Length, trip.Route.Count);
        }
    }

    [Fact]
    public void Should_Be_The_Same_For_The_Same_Seed()
    {
        var net = GridNetworkGenerator.Build(5);
        var a = GridDemandGenerator.Build(net, 50, 100, seed: 9);
        var b = GridDemandGenerator.Build(net, 50, 100, seed: 9);
        var c = GridDemandGenerator.Build(net, 50, 100, seed: 10);
        Assert.Equal(a.Trips.Select(t => (t.Depart, string.Join(',', t.Route))), b.Trips.Select(t => (t.Depart, string.Join(',', t.Route))));
        Assert.NotEqual(a.Trips.Select(t => string.Join(',', t.Route)), c.Trips.Select(t => string.Join(',', t.Route)));
    }
}
