using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>The real Jinan 3x4 CityFlow network and its one-hour flow, from shared/data/traffic.</summary>
public sealed class CityFlowReaderTests
{
    private static readonly TrafficNetwork Jinan = CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet);

    [Fact]
    public void Roads_become_edges_with_lanes_numbered_from_the_kerb()
    {
        Assert.Equal(62, Jinan.Edges.Count);
        Assert.Equal(186, Jinan.Lanes.Count);
        var road = Jinan.Edges[Jinan.EdgeIndex["road_0_1_0"]];     // (-400, 0) → (0, 0), three 4 m lanes at 11.111 m/s
        Assert.Equal(("intersection_0_1", "intersection_1_1"), (Jinan.Junctions[road.From].Id, Jinan.Junctions[road.To].Id));
        Assert.Equal((400.0, 11.111), (road.Length, road.SpeedLimit));
        Assert.Equal(["road_0_1_0_2", "road_0_1_0_1", "road_0_1_0_0"], road.Lanes.Select(l => Jinan.Lanes[l].Id));
        var inner = Jinan.Lanes[road.Lanes[2]];                      // CityFlow's lane 0 runs beside the centre line
        Assert.Equal((2, 400.0, 11.111), (inner.IndexOnEdge, inner.Length, inner.SpeedLimit));
        Assert.Equal([new Point2(-400, -2), new Point2(0, -2)], inner.Shape);
        Assert.Equal([new Point2(-400, -10), new Point2(0, -10)], Jinan.Lanes[road.Lanes[0]].Shape);
    }

    [Fact]
    public void Intersections_are_signals_or_dead_ends()
    {
        Assert.Equal(26, Jinan.Junctions.Count);
        Assert.Equal(14, Jinan.Junctions.Count(j => j.Kind == JunctionKind.DeadEnd && j.Signal is null));
        Assert.Equal(12, Jinan.Junctions.Count(j => j.Kind == JunctionKind.TrafficLight));
        Assert.Equal(12, Jinan.Signals.Count);
        Assert.All(Jinan.Signals, s =>
        {
            Assert.Equal([5.0, 30, 30, 30, 30, 30, 30, 30, 30], s.Phases.Select(p => p.Duration));
            Assert.Equal(SignalIndex(s), Jinan.Junctions[s.Junction].Signal);
            Assert.All(s.Phases, p => Assert.Equal(Jinan.Connections.Count(c => c.Signal == SignalIndex(s)), p.State.Length));
        });
    }

    [Fact]
    public void Lane_links_become_connections_with_their_phase_states()
    {
        Assert.Equal(432, Jinan.Connections.Count);
        var signal = Jinan.Signals.Single(s => s.Id == "intersection_1_1");
        // Phase 0 makes road links 2, 3, 6 and 10 available, phase 1 road links 0, 2, 3, 6, 7 and 10; three lane links each.
        Assert.Equal("rrrrrrGGGGGGrrrrrrGGGrrrrrrrrrGGGrrr", signal.Phases[0].State);
        Assert.Equal("GGGrrrGGGGGGrrrrrrGGGGGGrrrrrrGGGrrr", signal.Phases[1].State);

        // The first road link: go_straight road_0_1_0 → road_1_1_0, its first lane link from CityFlow lane 1 to lane 0.
        var first = Jinan.Connections.Single(c => c.Signal == SignalIndex(signal) && c.LinkIndex == 0);
        Assert.Equal(("road_0_1_0_1", "road_1_1_0_0", Turn.Straight), (Jinan.Lanes[first.FromLane].Id, Jinan.Lanes[first.ToLane].Id, first.Turn));
        Assert.InRange(first.Via, 30.2, 30.6);                      // a gentle S from (-15, -6) to (15, -2)
        Assert.Equal(4 * 3, Jinan.Connections.Count(c => c.Turn == Turn.Left && c.Junction == signal.Junction)); // four turn_left road links
    }

    [Fact]
    public void The_flow_file_becomes_6295_trips_of_one_deterministic_type()
    {
        var demand = CityFlowFlowReader.Read(TrafficTestData.JinanFlow, Jinan);
        Assert.Equal(6295, demand.Trips.Count);
        var type = Assert.Single(demand.Types);
        Assert.Equal(new VehicleType("cityflow_0")
        {
            Accel = 2, Decel = 4.5, EmergencyDecel = 4.5, Sigma = 0, Length = 5, MinGap = 2.5, MaxSpeed = 11.111, Tau = 2, SpeedFactor = 1, SpeedDev = 0,
        }, type);
        var first = demand.Trips.Single(t => t.Id == "flow_0_0");
        Assert.Equal(0, first.Depart);
        Assert.Equal(["road_0_2_0", "road_1_2_0", "road_2_2_0", "road_3_2_1", "road_3_3_1"], first.Route.Select(e => Jinan.Edges[e].Id));
        Assert.True(demand.Trips.Zip(demand.Trips.Skip(1)).All(p => p.First.Depart <= p.Second.Depart));
        Assert.InRange(demand.Trips[^1].Depart, 3500, 3600);
        var graph = new EdgeGraph(Jinan);
        Assert.All(demand.Trips, t => Assert.True(t.Route.Zip(t.Route.Skip(1)).All(p => graph.Leads(p.First, p.Second)), t.Id));
    }

    [Fact]
    public void Gaps_between_listed_roads_are_filled_with_the_fastest_path()
    {
        var file = Path.Combine(Path.GetTempPath(), $"citymesh-gap-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            [{"vehicle": {"length": 5.0, "width": 2.0, "maxPosAcc": 2.0, "maxNegAcc": 4.5, "usualPosAcc": 2.0, "usualNegAcc": 4.5,
              "minGap": 2.5, "maxSpeed": 11.111, "headwayTime": 2},
              "route": ["road_0_2_0", "road_3_2_1", "road_3_3_1"], "interval": 10.0, "startTime": 0, "endTime": 25}]
            """);
        try
        {
            var demand = CityFlowFlowReader.Read(file, Jinan);
            Assert.Equal([0.0, 10, 20], demand.Trips.Select(t => t.Depart));
            Assert.Equal(["flow_0_0", "flow_0_1", "flow_0_2"], demand.Trips.Select(t => t.Id));
            Assert.Equal(["road_0_2_0", "road_1_2_0", "road_2_2_0", "road_3_2_1", "road_3_3_1"], demand.Trips[0].Route.Select(e => Jinan.Edges[e].Id));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int SignalIndex(SignalProgram signal) => Jinan.Signals.ToList().IndexOf(signal);
}
