using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Routing;

/// <summary>
/// The network as a graph of edges: edge a leads to edge b when any connection joins a lane of a to a lane of b (for a
/// vehicle class: both lanes allow it).
/// Successors sit in one array (compressed sparse rows), so walking them touches contiguous memory and a query
/// allocates nothing. Each edge's cost is its free-flow time, length / speed limit.
/// </summary>
public sealed class EdgeGraph
{
    private readonly int[] _start;      // successors of edge e are _targets[_start[e] .. _start[e + 1])
    private readonly int[] _targets;
    private readonly double[] _cost;

    /// <param name="vehicleClass">The class whose lanes count (<see cref="VehicleClasses"/>); every lane by default.</param>
    public EdgeGraph(TrafficNetwork network, uint vehicleClass = VehicleClasses.Ignoring)
    {
        var edgeCount = network.Edges.Count;
        var pairs = new HashSet<(int From, int To)>();
        foreach (var c in network.Connections)
        {
            if (network.Lanes[c.FromLane].Allows(vehicleClass) && network.Lanes[c.ToLane].Allows(vehicleClass))
                pairs.Add((network.Lanes[c.FromLane].Edge, network.Lanes[c.ToLane].Edge));
        }
        var sorted = pairs.OrderBy(p => p.From).ThenBy(p => p.To).ToArray();

        _start = new int[edgeCount + 1];
        foreach (var (from, _) in sorted) _start[from + 1]++;
        for (var e = 0; e < edgeCount; e++) _start[e + 1] += _start[e];
        _targets = sorted.Select(p => p.To).ToArray();

        _cost = new double[edgeCount];
        for (var e = 0; e < edgeCount; e++)
        {
            var edge = network.Edges[e];
            // A zero or missing limit would make the edge free; one metre per second keeps it merely slow.
            _cost[e] = edge.Length / Math.Max(edge.SpeedLimit, 1.0);
        }
    }

    private EdgeGraph(int[] start, int[] targets, double[] cost) => (_start, _targets, _cost) = (start, targets, cost);

    /// <summary>
    /// The same graph with other edge costs (seconds, one per edge, e.g. live travel times): the successor arrays are
    /// shared, so a router can re-cost the network whenever readings change without rebuilding it.
    /// </summary>
    public EdgeGraph WithCosts(ReadOnlySpan<double> seconds)
    {
        if (seconds.Length != _cost.Length) throw new ArgumentException($"Need one cost per edge ({_cost.Length}), got {seconds.Length}.", nameof(seconds));
        foreach (var c in seconds)
            if (!double.IsFinite(c) || c < 0) throw new ArgumentOutOfRangeException(nameof(seconds), c, "Edge costs must be finite and not negative.");
        return new EdgeGraph(_start, _targets, seconds.ToArray());
    }

    public int EdgeCount => _cost.Length;

    public int ArcCount => _targets.Length;

    public ReadOnlySpan<int> Successors(int edge) => _targets.AsSpan(_start[edge], _start[edge + 1] - _start[edge]);

    /// <summary>Free-flow travel time of the edge in seconds.</summary>
    public double Cost(int edge) => _cost[edge];

    public bool Leads(int from, int to) => Successors(from).BinarySearch(to) >= 0;
}
