using CityMesh.Simulation.Air.Field;

namespace CityMesh.Simulation.Air.Routing;

/// <summary>
/// A walking network from plain arrays, so the caller can pass the city's streets (the transport routing graph's
/// nodes and links) without this library knowing their types: nodes at WGS84 positions, edges between two nodes with
/// a length in metres (the street's, which may exceed the straight line). Edges are walkable both ways unless told
/// otherwise. Arcs sit in one array per field (compressed sparse rows) so a search touches contiguous memory.
/// </summary>
public sealed class WalkGraph
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _index;
    internal readonly int[] Start;   // arcs of node n are Start[n] .. Start[n + 1])
    internal readonly int[] Target;
    internal readonly int[] Edge;    // the input edge each arc walks

    private WalkGraph(string[] ids, double[] lon, double[] lat, int[] from, int[] to, double[] length, int[] start, int[] target, int[] edge)
    {
        _ids = ids;
        _index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++) _index[ids[i]] = i;
        (Longitude, Latitude, EdgeFrom, EdgeTo, EdgeLength) = (lon, lat, from, to, length);
        (Start, Target, Edge) = (start, target, edge);
    }

    public int NodeCount => _ids.Length;
    public int EdgeCount => EdgeFrom.Count;
    public IReadOnlyList<double> Longitude { get; }
    public IReadOnlyList<double> Latitude { get; }
    public IReadOnlyList<int> EdgeFrom { get; }
    public IReadOnlyList<int> EdgeTo { get; }
    public IReadOnlyList<double> EdgeLength { get; }

    public string Id(int node) => _ids[node];

    /// <exception cref="KeyNotFoundException">No node has the id; the message names it.</exception>
    public int Node(string id) => _index.TryGetValue(id, out var n) ? n : throw new KeyNotFoundException($"the walking graph has no node '{id}'");

    /// <summary>The node nearest a position (straight-line distance), e.g. the street corner by a school's gate.</summary>
    public int Nearest(double longitude, double latitude)
    {
        var metres = new LocalMetres(longitude, latitude);
        var best = double.PositiveInfinity;
        var node = -1;
        for (var n = 0; n < NodeCount; n++)
        {
            var (x, y) = metres.ToMetres(Longitude[n], Latitude[n]);
            var d2 = x * x + y * y;
            if (d2 < best) (best, node) = (d2, n);
        }
        return node;
    }

    /// <param name="ids">Node ids (null: "0", "1", ...), unique.</param>
    /// <param name="twoWay">Whether each edge can be walked in both directions (pavements can; a one-way street's pavement too).</param>
    /// <exception cref="ArgumentException">Arrays disagree in length, or an entry is invalid; the message names it (e.g. <c>edges[3].to</c>).</exception>
    public static WalkGraph Build(IReadOnlyList<string>? ids, double[] longitude, double[] latitude, int[] from, int[] to, double[] lengthMetres, bool twoWay = true)
    {
        var nodes = longitude.Length;
        if (latitude.Length != nodes) throw new ArgumentException($"latitude has {latitude.Length} entries; longitude has {nodes}", nameof(latitude));
        if (ids is not null && ids.Count != nodes) throw new ArgumentException($"ids has {ids.Count} entries; there are {nodes} nodes", nameof(ids));
        if (to.Length != from.Length || lengthMetres.Length != from.Length)
            throw new ArgumentException($"edges need one from, to and length each (from {from.Length}, to {to.Length}, length {lengthMetres.Length})", nameof(to));
        var names = new string[nodes];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < nodes; n++)
        {
            if (!(Math.Abs(latitude[n]) <= 90 && Math.Abs(longitude[n]) <= 180))
                throw new ArgumentException($"nodes[{n}] has no valid WGS84 position ({longitude[n]}, {latitude[n]})", nameof(longitude));
            names[n] = ids?[n] ?? n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(names[n])) throw new ArgumentException($"nodes[{n}].id is empty", nameof(ids));
            if (!seen.Add(names[n])) throw new ArgumentException($"nodes[{n}].id '{names[n]}' appears twice", nameof(ids));
        }
        for (var e = 0; e < from.Length; e++)
        {
            if ((uint)from[e] >= (uint)nodes) throw new ArgumentException($"edges[{e}].from {from[e]} is not a node (0 to {nodes - 1})", nameof(from));
            if ((uint)to[e] >= (uint)nodes) throw new ArgumentException($"edges[{e}].to {to[e]} is not a node (0 to {nodes - 1})", nameof(to));
            if (!(lengthMetres[e] > 0 && double.IsFinite(lengthMetres[e])))
                throw new ArgumentException($"edges[{e}].length {lengthMetres[e]} must be a positive number of metres", nameof(lengthMetres));
        }
        var arcs = from.Length * (twoWay ? 2 : 1);
        var start = new int[nodes + 1];
        for (var e = 0; e < from.Length; e++)
        {
            start[from[e] + 1]++;
            if (twoWay) start[to[e] + 1]++;
        }
        for (var n = 0; n < nodes; n++) start[n + 1] += start[n];
        var fill = start[..nodes];
        var target = new int[arcs];
        var edge = new int[arcs];
        void Arc(int a, int b, int e)
        {
            var slot = fill[a]++;
            target[slot] = b;
            edge[slot] = e;
        }
        for (var e = 0; e < from.Length; e++)
        {
            Arc(from[e], to[e], e);
            if (twoWay) Arc(to[e], from[e], e);
        }
        return new WalkGraph(names, (double[])longitude.Clone(), (double[])latitude.Clone(), (int[])from.Clone(), (int[])to.Clone(), (double[])lengthMetres.Clone(), start, target, edge);
    }
}
