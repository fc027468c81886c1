using System.Collections.Frozen;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Transport.Routing;

/// <summary>
/// What routing needs from a network's shape, which outlives many snapshots of readings: the edge graph, the
/// signals' greens, junctions by id and the roads leaving and entering each junction.
/// </summary>
internal sealed class RoadTopology
{
    private readonly int[][] _leaving;
    private readonly int[][] _entering;

    public RoadTopology(TrafficNetwork roads)
    {
        Roads = roads;
        Graph = new EdgeGraph(roads);
        Greens = new SignalGreens(roads);
        JunctionIndex = roads.Junctions.Select((j, i) => (j.Id, i)).ToFrozenDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _leaving = Group(roads, e => e.From);
        _entering = Group(roads, e => e.To);
    }

    public TrafficNetwork Roads { get; }

    /// <summary>Free-flow costs; snapshots re-cost it with <see cref="EdgeGraph.WithCosts"/>.</summary>
    public EdgeGraph Graph { get; }

    public SignalGreens Greens { get; }

    public FrozenDictionary<string, int> JunctionIndex { get; }

    public IReadOnlyList<int> Leaving(int junction) => _leaving[junction];

    public IReadOnlyList<int> Entering(int junction) => _entering[junction];

    private static int[][] Group(TrafficNetwork roads, Func<Edge, int> junctionOf)
    {
        var lists = roads.Junctions.Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < roads.Edges.Count; e++) lists[junctionOf(roads.Edges[e])].Add(e);
        return [.. lists.Select(l => l.ToArray())];
    }
}
