using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Edits;

public class RoadClosuresTests
{
    private static readonly TrafficNetwork Grid = GridNetworkGenerator.Build(4);
    private static readonly TrafficDemand Demand = GridDemandGenerator.Build(Grid, 400, 600, seed: 3);

    /// <summary>The edge most trips use in their middle (neither first nor last), so closing it forces detours.</summary>
    private static int BusiestInnerEdge() => Demand.Trips
        .SelectMany(t => t.Route.Skip(1).SkipLast(1))
        .GroupBy(e => e).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    [Fact]
    public void Closing_a_road_removes_it_and_reroutes_the_trips_that_used_it()
    {
        int closed = BusiestInnerEdge();
        string closedId = Grid.Edges[closed].Id;
        var users = Demand.Trips.Where(t => t.Route.Contains(closed)).ToArray();
        var result = RoadClosures.Apply(Grid, Demand, [new LaneClosure(closed)]);

        Assert.Equal(Grid.Edges.Count - 1, result.Network.Edges.Count);
        Assert.DoesNotContain(result.Network.Edges, e => e.Id == closedId);
        Assert.Equal(Grid.Lanes.Count - Grid.Edges[closed].Lanes.Count, result.Network.Lanes.Count);
        var cancelled = users.Count(t => t.Route[0] == closed || t.Route[^1] == closed);
        Assert.Equal(cancelled, result.Cancelled.Count);
        Assert.Equal(users.Length - cancelled, result.Rerouted);
        Assert.Equal(Demand.Trips.Count - cancelled, result.Demand.Trips.Count);
        AssertConsistent(result.Network, result.Demand);
    }

    [Fact]
    public void Closing_one_lane_keeps_the_road_with_renumbered_lanes_and_no_links_to_the_closed_lane()
    {
        int edge = BusiestInnerEdge();
        var closedLaneId = Grid.Lanes[Grid.Edges[edge].Lanes.Single(l => Grid.Lanes[l].IndexOnEdge == 0)].Id;
        var result = RoadClosures.Apply(Grid, Demand, [new LaneClosure(edge, [0])]);

        var after = result.Network.Edges.Single(e => e.Id == Grid.Edges[edge].Id);
        Assert.Equal(Grid.Edges[edge].Lanes.Count - 1, after.Lanes.Count);
        Assert.Equal(Enumerable.Range(0, after.Lanes.Count), after.Lanes.Select(l => result.Network.Lanes[l].IndexOnEdge));
        Assert.DoesNotContain(result.Network.Lanes, l => l.Id == closedLaneId);
        Assert.Empty(result.Cancelled);
        AssertConsistent(result.Network, result.Demand);
    }

    [Fact]
    public void Every_trip_that_is_left_still_arrives_on_the_closed_network()
    {
        var result = RoadClosures.Apply(Grid, Demand, [new LaneClosure(BusiestInnerEdge())]);
        var summary = new TrafficSimulation(result.Network, result.Demand, new TrafficSimulationOptions { Seed = 5 }).Run().Summary;
        Assert.Equal(result.Demand.Trips.Count, summary.Arrived);
    }

    [Fact]
    public void A_lane_the_road_does_not_have_is_refused_by_name()
    {
        var edge = Grid.Edges[0];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RoadClosures.Apply(Grid, Demand, [new LaneClosure(0, [7])]));
        Assert.Contains($"'{edge.Id}' has no lane 7", error.Message);
    }

    private static void AssertConsistent(TrafficNetwork network, TrafficDemand demand)
    {
        for (int e = 0; e < network.Edges.Count; e++)
            Assert.All(network.Edges[e].Lanes, l => Assert.Equal(e, network.Lanes[l].Edge));
        Assert.All(network.Connections, c =>
        {
            Assert.InRange(c.FromLane, 0, network.Lanes.Count - 1);
            Assert.InRange(c.ToLane, 0, network.Lanes.Count - 1);
            Assert.All(c.Foes, f => Assert.InRange(f, 0, network.Connections.Count - 1));
        });
        var graph = new Traffic.Routing.EdgeGraph(network);
        Assert.All(demand.Trips, t =>
        {
            for (int i = 1; i < t.Route.Count; i++) Assert.True(graph.Leads(t.Route[i - 1], t.Route[i]), $"trip {t.Id} has a broken route");
        });
    }
}
