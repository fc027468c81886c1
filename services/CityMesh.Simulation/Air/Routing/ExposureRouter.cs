using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Air.Routing;

/// <summary>
/// The least-exposed walk between two nodes of a <see cref="WalkGraph"/>: Dijkstra on each edge's exposure, its
/// length / walking speed × the mean concentration along it (sampled from a field every
/// <see cref="ExposureRoutingOptions.SampleSpacingMetres"/> on the straight line between its nodes).
/// <para>
/// The detour cap makes this a constrained shortest path (NP-hard in general); it is solved by Lagrangian
/// relaxation: routes minimising exposure + λ·length for a bisected λ ≥ 0, keeping the least exposed one within the
/// cap. λ = 0 is the unconstrained answer and a large λ the shortest route, which is always within the cap, so an
/// answer always exists; it may miss a slightly better route between two λ (a duality gap), never exceeds the cap,
/// and never has more exposure than the shortest route (the shortest route is itself a candidate).
/// </para>
/// One instance keeps its scratch arrays between queries: not thread-safe, use one per thread.
/// </summary>
public sealed class ExposureRouter
{
    private const int Bisections = 24;
    private readonly WalkGraph _graph;
    private readonly ExposureRoutingOptions _options;
    private readonly double[] _cost, _distance;
    private readonly int[] _previousArc, _previousNode;
    private readonly bool[] _settled;
    private readonly MinHeap _heap;

    /// <exception cref="ArgumentException">The options are invalid; the message names the field.</exception>
    public ExposureRouter(WalkGraph graph, ExposureRoutingOptions? options = null)
    {
        _options = options ?? new ExposureRoutingOptions();
        var errors = _options.Validate();
        if (errors.Count > 0) throw new ArgumentException("exposure routing options are invalid: " + string.Join("; ", errors), nameof(options));
        _graph = graph;
        _cost = new double[graph.Target.Length];
        _distance = new double[graph.NodeCount];
        _previousArc = new int[graph.NodeCount];
        _previousNode = new int[graph.NodeCount];
        _settled = new bool[graph.NodeCount];
        _heap = new MinHeap(graph.Target.Length + 1);
    }

    public WalkGraph Graph => _graph;

    /// <summary>The mean concentration along each edge, from a field; compute once per field update and reuse for every plan.</summary>
    /// <exception cref="ArgumentException">The field has no value somewhere along an edge (e.g. beyond its radius); the message names the edge.</exception>
    public double[] EdgeConcentrations(IAirField field)
    {
        var result = new double[_graph.EdgeCount];
        for (var e = 0; e < result.Length; e++)
        {
            int a = _graph.EdgeFrom[e], b = _graph.EdgeTo[e];
            double lon0 = _graph.Longitude[a], lat0 = _graph.Latitude[a], lon1 = _graph.Longitude[b], lat1 = _graph.Latitude[b];
            var chord = LocalMetres.Distance(new(lon0, lat0), new(lon1, lat1));
            var samples = Math.Max(1, (int)Math.Ceiling(chord / _options.SampleSpacingMetres));
            double sum = 0;
            for (var k = 0; k < samples; k++)
            {
                // Midpoints of equal pieces: the mean of the field along the edge by the midpoint rule.
                var f = (k + 0.5) / samples;
                var v = field.ValueAt(lon0 + f * (lon1 - lon0), lat0 + f * (lat1 - lat0));
                if (!double.IsFinite(v))
                    throw new ArgumentException($"edges[{e}] ({_graph.Id(a)} → {_graph.Id(b)}) has no concentration at {f:P0} of its length: the field has no value there (no station in its radius?)", nameof(field));
                sum += v;
            }
            result[e] = sum / samples;
        }
        return result;
    }

    /// <summary>Plans between two node ids with a field (see <see cref="EdgeConcentrations"/>, which this calls).</summary>
    public ExposureRoutePlan Plan(string from, string to, IAirField field) => Plan(_graph.Node(from), _graph.Node(to), EdgeConcentrations(field));

    /// <summary>Plans between two nodes with each edge's mean concentration (µg/m³).</summary>
    /// <exception cref="RouteNotFoundException">No walk joins them; the exception names the end.</exception>
    public ExposureRoutePlan Plan(int from, int to, ReadOnlySpan<double> edgeConcentration)
    {
        if ((uint)from >= (uint)_graph.NodeCount) throw new ArgumentOutOfRangeException(nameof(from), from, $"not a node (0 to {_graph.NodeCount - 1})");
        if ((uint)to >= (uint)_graph.NodeCount) throw new ArgumentOutOfRangeException(nameof(to), to, $"not a node (0 to {_graph.NodeCount - 1})");
        if (edgeConcentration.Length != _graph.EdgeCount)
            throw new ArgumentException($"need one concentration per edge ({_graph.EdgeCount}), got {edgeConcentration.Length}", nameof(edgeConcentration));
        for (var e = 0; e < edgeConcentration.Length; e++)
            if (!(edgeConcentration[e] >= 0 && double.IsFinite(edgeConcentration[e])))
                throw new ArgumentException($"edgeConcentration[{e}] is {edgeConcentration[e]}; it must be a finite concentration, 0 or more", nameof(edgeConcentration));
        var hoursPerMetre = 1 / (_options.WalkingSpeed * 3600);
        var exposure = new double[_graph.EdgeCount];
        for (var e = 0; e < exposure.Length; e++) exposure[e] = _graph.EdgeLength[e] * hoursPerMetre * edgeConcentration[e];

        var shortestArcs = Search(from, to, exposure, 0, lengthOnly: true) ?? throw new RouteNotFoundException(_graph.Id(from), _graph.Id(to));
        var shortest = Describe(from, shortestArcs, exposure);
        var best = Describe(from, Search(from, to, exposure, 0)!, exposure);
        var cap = _options.MaxDetour;
        if (cap is not { } limit || best.LengthMetres <= limit * shortest.LengthMetres * (1 + 1e-12))
            return new ExposureRoutePlan(best, shortest, cap, false, Note(best, shortest, false, cap));

        // λ in exposure per metre: start from the shortest route's mean and double until a route fits the cap.
        var feasible = shortest;
        double low = 0, high = Math.Max(shortest.Exposure / shortest.LengthMetres, 1e-12);
        for (var i = 0; i < 60; i++)
        {
            var route = Describe(from, Search(from, to, exposure, high)!, exposure);
            if (route.LengthMetres <= limit * shortest.LengthMetres * (1 + 1e-12)) { feasible = Better(feasible, route); break; }
            (low, high) = (high, high * 2);
        }
        for (var i = 0; i < Bisections; i++)
        {
            var lambda = (low + high) / 2;
            var route = Describe(from, Search(from, to, exposure, lambda)!, exposure);
            if (route.LengthMetres <= limit * shortest.LengthMetres * (1 + 1e-12)) { feasible = Better(feasible, route); high = lambda; }
            else low = lambda;
        }
        return new ExposureRoutePlan(feasible, shortest, cap, true, Note(feasible, shortest, true, cap));
    }

    /// <summary>The same walk judged with other edge concentrations (another hour, another pollutant, the truth in a test).</summary>
    public WalkRoute Rescore(WalkRoute route, ReadOnlySpan<double> edgeConcentration)
    {
        if (edgeConcentration.Length != _graph.EdgeCount)
            throw new ArgumentException($"need one concentration per edge ({_graph.EdgeCount}), got {edgeConcentration.Length}", nameof(edgeConcentration));
        var hoursPerMetre = 1 / (_options.WalkingSpeed * 3600);
        double dose = 0;
        foreach (var e in route.Edges) dose += _graph.EdgeLength[e] * hoursPerMetre * edgeConcentration[e];
        var hours = route.LengthMetres * hoursPerMetre;
        return route with { Exposure = dose, InhaledMicrograms = dose * _options.VentilationM3PerHour, MeanConcentration = hours > 0 ? dose / hours : 0 };
    }

    private static WalkRoute Better(WalkRoute a, WalkRoute b) => b.Exposure < a.Exposure ? b : a;

    private static string Note(WalkRoute best, WalkRoute shortest, bool capped, double? cap)
    {
        var saved = shortest.Exposure > 0 ? 100 * (1 - best.Exposure / shortest.Exposure) : 0;
        var longer = 100 * (best.LengthMetres / shortest.LengthMetres - 1);
        var text = best.Nodes.SequenceEqual(shortest.Nodes)
            ? "The shortest walk is also the least exposed."
            : $"This walk breathes {saved:0}% less pollution than the shortest, for {longer:0}% more distance ({best.WalkingMinutes - shortest.WalkingMinutes:0.#} min longer).";
        return capped ? text + $" A cleaner walk exists but is more than {cap:0.##} times the shortest distance; this is the cleanest within that limit." : text;
    }

    /// <summary>Dijkstra from <paramref name="from"/>; arc cost exposure + λ·length (or length alone). Returns the arcs to <paramref name="to"/>, or null.</summary>
    private int[]? Search(int from, int to, double[] exposure, double lambda, bool lengthOnly = false)
    {
        var length = _graph.EdgeLength;
        for (var a = 0; a < _cost.Length; a++)
        {
            var e = _graph.Edge[a];
            _cost[a] = lengthOnly ? length[e] : exposure[e] + lambda * length[e];
        }
        Array.Fill(_distance, double.PositiveInfinity);
        Array.Clear(_settled);
        _heap.Clear();
        _distance[from] = 0;
        _previousArc[from] = -1;
        _heap.Push(0, from);
        while (_heap.Count > 0)
        {
            var (d, node) = _heap.Pop();
            if (_settled[node]) continue;
            _settled[node] = true;
            if (node == to) break;
            for (var a = _graph.Start[node]; a < _graph.Start[node + 1]; a++)
            {
                var next = _graph.Target[a];
                var candidate = d + _cost[a];
                if (_settled[next] || candidate >= _distance[next]) continue;
                _distance[next] = candidate;
                _previousArc[next] = a;
                _previousNode[next] = node;
                _heap.Push(candidate, next);
            }
        }
        if (!_settled[to]) return null;
        var arcs = new List<int>();
        for (var n = to; n != from; n = _previousNode[n]) arcs.Add(_previousArc[n]);
        arcs.Reverse();
        return [.. arcs];
    }

    private WalkRoute Describe(int from, int[] arcs, double[] exposure)
    {
        var edges = new int[arcs.Length];
        var nodes = new List<string>(arcs.Length + 1) { _graph.Id(from) };
        var points = new List<GeoPoint>(arcs.Length + 1) { new(_graph.Longitude[from], _graph.Latitude[from]) };
        double metres = 0, dose = 0;
        for (var i = 0; i < arcs.Length; i++)
        {
            var a = arcs[i];
            var e = edges[i] = _graph.Edge[a];
            var n = _graph.Target[a];
            nodes.Add(_graph.Id(n));
            points.Add(new(_graph.Longitude[n], _graph.Latitude[n]));
            metres += _graph.EdgeLength[e];
            dose += exposure[e];
        }
        var hours = metres / (_options.WalkingSpeed * 3600);
        return new WalkRoute(nodes, points, edges, metres, hours * 60, dose, dose * _options.VentilationM3PerHour, hours > 0 ? dose / hours : 0);
    }
}
