using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Tests.Routing;

/// <summary>
/// A hand-built network where the short way is slow:
/// <code>
///   a: J0 → J1 (100 m, 10 m/s)                      d: J3 → J0 (dead end beyond: nothing leads into d)
///   b: J1 → J2 (1000 m, 10 m/s)   slow and short    e: J2 → J4 (100 m, 10 m/s)
///   c: J1 → J3 ... f: J3 → J2     fast and long: c 600 m at 30 m/s + f 600 m at 30 m/s = 40 s against b's 100 s
/// </code>
/// </summary>
public sealed class ShortestPathsTests
{
    private static readonly TrafficNetwork Network = Build();

    [Fact]
    public void The_fastest_route_wins_over_the_shortest()
    {
        var paths = new ShortestPaths(Network);
        Assert.Equal(["a", "c", "f", "e"], Ids(paths.Find(Edge("a"), Edge("e"))));
        Assert.Equal(20 + 20 + 10, paths.Time(Edge("a"), Edge("e"))!.Value, 9); // c, f and e: every edge after the first
    }

    [Fact]
    public void A_route_to_itself_is_one_edge_and_an_unreachable_edge_gives_null()
    {
        var paths = new ShortestPaths(Network);
        Assert.Equal(["b"], Ids(paths.Find(Edge("b"), Edge("b"))));
        Assert.Null(paths.Find(Edge("e"), Edge("a")));   // nothing leaves e
        Assert.Null(paths.Find(Edge("a"), Edge("d")));   // nothing enters d
        Assert.Null(paths.Time(Edge("a"), Edge("d")));
    }

    [Fact]
    public void Repeated_queries_on_one_instance_agree_with_fresh_ones()
    {
        var reused = new ShortestPaths(Network);
        for (var round = 0; round < 3; round++)
            for (var from = 0; from < Network.Edges.Count; from++)
                for (var to = 0; to < Network.Edges.Count; to++)
                    Assert.Equal(new ShortestPaths(Network).Find(from, to), reused.Find(from, to));
    }

    [Fact]
    public void The_edge_graph_joins_edges_whose_lanes_a_connection_joins()
    {
        var graph = new EdgeGraph(Network);
        Assert.Equal([Edge("b"), Edge("c")], graph.Successors(Edge("a")).ToArray().Order());
        Assert.True(graph.Leads(Edge("c"), Edge("f")));
        Assert.False(graph.Leads(Edge("a"), Edge("e")));
        Assert.Equal(100.0 / 10, graph.Cost(Edge("a")));
        Assert.Equal(6, graph.ArcCount);   // a→b, a→c (twice, by two lane pairs: one arc), c→f, f→e, b→e, d→a
    }

    [Fact]
    public void Routing_many_trips_allocates_only_the_routes()
    {
        var paths = new ShortestPaths(Network);
        paths.Find(Edge("a"), Edge("e"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) paths.Time(Edge("a"), Edge("e"));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static TrafficNetwork Build()
    {
        var junctions = Enumerable.Range(0, 5).Select(i => new Junction($"J{i}", JunctionKind.Priority, new Point2(i, 0), null)).ToList();
        (string Id, int From, int To, double Length, double Speed, int LaneCount)[] specs =
        [
            ("a", 0, 1, 100, 10, 2), ("b", 1, 2, 1000, 10, 1), ("c", 1, 3, 600, 30, 1),
            ("d", 3, 0, 50, 10, 1), ("e", 2, 4, 100, 10, 1), ("f", 3, 2, 600, 30, 1),
        ];
        var edges = new List<Edge>();
        var lanes = new List<Lane>();
        foreach (var s in specs)
        {
            var laneIndices = Enumerable.Range(lanes.Count, s.LaneCount).ToArray();
            for (var k = 0; k < s.LaneCount; k++)
                lanes.Add(new Lane($"{s.Id}_{k}", edges.Count, k, s.Length, s.Speed, [new Point2(s.From, k), new Point2(s.To, k)]));
            edges.Add(new Edge(s.Id, s.From, s.To, laneIndices, 1, s.Length, s.Speed));
        }
        int Lane(string edge, int k) => edges.Single(e => e.Id == edge).Lanes[k];
        Connection Link(string from, int fromLane, string to) => new(Lane(from, fromLane), Lane(to, 0), edges.Single(e => e.Id == from).To, Turn.Straight, 0, null, -1, true, []);
        List<Connection> connections = [Link("a", 0, "b"), Link("a", 0, "c"), Link("a", 1, "c"), Link("c", 0, "f"), Link("f", 0, "e"), Link("b", 0, "e"), Link("d", 0, "a")];
        return new TrafficNetwork(edges, lanes, junctions, connections, []);
    }

    private static int Edge(string id) => Network.EdgeIndex[id];

    private static string[] Ids(int[]? route) => Assert.IsType<int[]>(route).Select(e => Network.Edges[e].Id).ToArray();
}
