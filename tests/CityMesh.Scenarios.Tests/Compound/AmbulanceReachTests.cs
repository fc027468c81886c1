using CityMesh.Scenarios.Running.Compound;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Scenarios.Tests.Compound;

/// <summary>
/// Ambulance reach on SUMO-style grids (GridNetworkGenerator: 200 m blocks at 13.89 m/s, no U-turns), where the
/// fastest way to every road can be worked out by hand. Times agree to 1e-9 s.
/// </summary>
public sealed class AmbulanceReachTests
{
    private const double Tolerance = 1e-9;
    private static readonly TrafficNetwork Grid3 = GridNetworkGenerator.Build(3);
    private static readonly double Block = 200 / GridNetworkGenerator.SpeedLimit; // one road, end to end, s

    /// <summary>The edge from junction (x1, y1) to (x2, y2) of an n × n grid.</summary>
    private static int Edge(TrafficNetwork network, int n, (int X, int Y) from, (int X, int Y) to) =>
        Enumerable.Range(0, network.Edges.Count).Single(e => network.Edges[e].From == from.Y * n + from.X && network.Edges[e].To == to.Y * n + to.X);

    /// <summary>
    /// From the middle of (0,0)→(1,0): straight on or left at (1,0) is half a road out and half a road in, one block's
    /// time; back the other way, (1,0)→(0,0), needs a loop round a block (four roads: the grid has no U-turn), 5 blocks.
    /// </summary>
    [Fact]
    public void Times_from_a_station_are_the_hand_worked_ones()
    {
        int station = Edge(Grid3, 3, (0, 0), (1, 0));
        var times = AmbulanceReach.Times(new EdgeGraph(Grid3), [station], new HashSet<int>(), speedFactor: 1);

        Assert.Equal(0, times[station], Tolerance);
        Assert.Equal(Block, times[Edge(Grid3, 3, (1, 0), (2, 0))], Tolerance);
        Assert.Equal(Block, times[Edge(Grid3, 3, (1, 0), (1, 1))], Tolerance);
        Assert.Equal(2 * Block, times[Edge(Grid3, 3, (2, 0), (2, 1))], Tolerance);
        Assert.Equal(5 * Block, times[Edge(Grid3, 3, (1, 0), (0, 0))], Tolerance);
        // Twice the speed, half the time.
        var fast = AmbulanceReach.Times(new EdgeGraph(Grid3), [station], new HashSet<int>(), speedFactor: 2);
        Assert.Equal(2.5 * Block, fast[Edge(Grid3, 3, (1, 0), (0, 0))], Tolerance);
    }

    [Fact]
    public void A_closed_road_is_driven_round_and_a_station_shut_in_reaches_no_one()
    {
        int station = Edge(Grid3, 3, (0, 0), (1, 0));
        int straight = Edge(Grid3, 3, (1, 0), (2, 0)), left = Edge(Grid3, 3, (1, 0), (1, 1)), back = Edge(Grid3, 3, (1, 0), (0, 0));
        var graph = new EdgeGraph(Grid3);

        // Straight on closed: the way back goes round the block to the north, still four roads.
        var round = AmbulanceReach.Times(graph, [station], new HashSet<int> { straight }, 1);
        Assert.True(double.IsPositiveInfinity(round[straight]));
        Assert.Equal(5 * Block, round[back], Tolerance);
        // Both ways out closed: nothing but its own road.
        var shut = AmbulanceReach.Times(graph, [station], new HashSet<int> { straight, left }, 1);
        Assert.Equal(1, shut.Count(double.IsFinite));
        // A station on a closed road sends no one.
        Assert.All(AmbulanceReach.Times(graph, [station], new HashSet<int> { station }, 1), t => Assert.True(double.IsPositiveInfinity(t)));
    }

    /// <summary>Homes on the station's street, one block on and five blocks back: a 2-block standard reaches the first two.</summary>
    [Fact]
    public void The_share_reached_counts_the_residents_of_the_homes_within_the_standard()
    {
        int station = Edge(Grid3, 3, (0, 0), (1, 0)), reverse = Edge(Grid3, 3, (1, 0), (0, 0)), straight = Edge(Grid3, 3, (1, 0), (2, 0));
        var homes = new[]
        {
            new ReachHome("by-the-station", 30, [station, reverse]),
            new ReachHome("one-block-on", 50, [straight]),
            new ReachHome("five-blocks-back", 20, [reverse]),
        };
        var graph = new EdgeGraph(Grid3);

        var reach = AmbulanceReach.Of(graph, [station], homes, new HashSet<int>(), 1, 2 * Block);
        Assert.Equal(80, reach.PeopleReached);
        Assert.Equal(100, reach.People);
        Assert.Equal(80, reach.Share, Tolerance);
        Assert.Equal(100, AmbulanceReach.Of(graph, [station], homes, new HashSet<int>(), 1, 5 * Block).Share, Tolerance);
        // Water over the road in front of a home cuts it off even where the other way is open.
        Assert.Equal(30, AmbulanceReach.Of(graph, [station], homes, new HashSet<int> { straight }, 1, 2 * Block).PeopleReached);
    }

    /// <summary>
    /// Closing roads can only lengthen the way to every road and lower the share reached: 200 random nested closures on
    /// a 6 × 6 grid with three stations and homes on random streets.
    /// </summary>
    [Fact]
    public void Closing_more_roads_never_raises_reach()
    {
        var network = GridNetworkGenerator.Build(6);
        var graph = new EdgeGraph(network);
        var random = new Random(27);
        int[] stations = [.. Enumerable.Range(0, 3).Select(_ => random.Next(graph.EdgeCount))];
        var homes = Enumerable.Range(0, 80).Select(i => new ReachHome($"h{i}", random.Next(1, 200), [random.Next(graph.EdgeCount)])).ToList();
        for (int trial = 0; trial < 200; trial++)
        {
            var fewer = Enumerable.Range(0, random.Next(0, 15)).Select(_ => random.Next(graph.EdgeCount)).ToHashSet();
            var more = fewer.Concat(Enumerable.Range(0, random.Next(1, 15)).Select(_ => random.Next(graph.EdgeCount))).ToHashSet();
            double limit = random.Next(20, 200);
            var before = AmbulanceReach.Times(graph, stations, fewer, 1);
            var after = AmbulanceReach.Times(graph, stations, more, 1);
            for (int e = 0; e < graph.EdgeCount; e++) Assert.True(after[e] >= before[e] - Tolerance, $"trial {trial}, edge {e}: {after[e]} < {before[e]}");
            Assert.True(AmbulanceReach.Of(graph, stations, homes, more, 1, limit).PeopleReached <= AmbulanceReach.Of(graph, stations, homes, fewer, 1, limit).PeopleReached);
        }
    }
}
