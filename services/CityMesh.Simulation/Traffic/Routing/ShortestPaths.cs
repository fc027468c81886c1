using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Routing;

/// <summary>
/// Fastest routes by free-flow time (Dijkstra on <see cref="EdgeGraph"/>). One instance keeps its scratch arrays
/// between queries and stamps them with a query number instead of clearing them, so routing a million trips
/// allocates only the routes. Not thread-safe: use one instance per thread.
/// </summary>
public sealed class ShortestPaths
{
    private readonly EdgeGraph _graph;
    private readonly double[] _time;
    private readonly int[] _previous;
    private readonly int[] _stamp;     // _time and _previous of edge e are valid when _stamp[e] == _query
    private readonly bool[] _settled;
    private readonly MinHeap _heap;
    private int _query;

    public ShortestPaths(TrafficNetwork network) : this(new EdgeGraph(network)) { }

    public ShortestPaths(EdgeGraph graph)
    {
        _graph = graph;
        _time = new double[graph.EdgeCount];
        _previous = new int[graph.EdgeCount];
        _stamp = new int[graph.EdgeCount];
        _settled = new bool[graph.EdgeCount];
        _heap = new MinHeap(graph.ArcCount + 1);
    }

    public EdgeGraph Graph => _graph;

    /// <summary>
    /// The fastest route from edge <paramref name="from"/> to edge <paramref name="to"/>, both included, or null when
    /// <paramref name="to"/> cannot be reached. A route's time counts every edge after the first (where the vehicle
    /// already is), so the first edge's own length never changes which route wins.
    /// </summary>
    public int[]? Find(int from, int to)
    {
        if ((uint)from >= (uint)_graph.EdgeCount) throw new ArgumentOutOfRangeException(nameof(from));
        if ((uint)to >= (uint)_graph.EdgeCount) throw new ArgumentOutOfRangeException(nameof(to));
        if (from == to) return [from];
        if (!Search(from, to)) return null;

        var count = 1;
        for (var e = to; e != from; e = _previous[e]) count++;
        var route = new int[count];
        for (var (e, i) = (to, count - 1); i >= 0; e = _previous[e], i--) route[i] = e;
        return route;
    }

    /// <summary>Free-flow time of the fastest route (excluding the first edge), or null when unreachable.</summary>
    public double? Time(int from, int to) => from == to ? 0 : Search(from, to) ? _time[to] : null;

    private bool Search(int from, int to)
    {
        if (++_query == int.MaxValue)
        {
            Array.Clear(_stamp);
            _query = 1;
        }
        _heap.Clear();
        Reach(from, 0, -1);
        _heap.Push(0, from);
        while (_heap.Count > 0)
        {
            var (time, edge) = _heap.Pop();
            if (_settled[edge]) continue;
            _settled[edge] = true;
            if (edge == to) return true;
            foreach (var next in _graph.Successors(edge))
            {
                var arrival = time + _graph.Cost(next);
                if (_stamp[next] != _query || (!_settled[next] && arrival < _time[next]))
                {
                    Reach(next, arrival, edge);
                    _heap.Push(arrival, next);
                }
            }
        }
        return false;
    }

    private void Reach(int edge, double time, int previous)
    {
        if (_stamp[edge] != _query) _settled[edge] = false;
        _stamp[edge] = _query;
        _time[edge] = time;
        _previous[edge] = previous;
    }
}
