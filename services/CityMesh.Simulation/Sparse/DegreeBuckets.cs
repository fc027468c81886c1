namespace CityMesh.Simulation.Sparse;

/// <summary>
/// Unknowns by their degree in the elimination graph, in doubly linked buckets, for the minimum-degree ordering: taking
/// the least and moving one whose degree changed are constant time. The water network's Cholesky factor and the power
/// flow's LU order their unknowns with it.
/// </summary>
internal sealed class DegreeBuckets
{
    private readonly int[] _head, _next, _previous, _degree;
    private int _least;

    public DegreeBuckets(int n)
    {
        // A degree never exceeds n − 1.
        _head = new int[n + 1];
        Array.Fill(_head, -1);
        _next = new int[n];
        _previous = new int[n];
        _degree = new int[n];
    }

    public void Add(int node, int degree)
    {
        _degree[node] = degree;
        _previous[node] = -1;
        _next[node] = _head[degree];
        if (_head[degree] >= 0) _previous[_head[degree]] = node;
        _head[degree] = node;
        if (degree < _least) _least = degree;
    }

    public void Move(int node, int degree)
    {
        if (degree == _degree[node]) return;
        Remove(node);
        Add(node, degree);
    }

    public int TakeLeast()
    {
        while (_head[_least] < 0) _least++;
        int node = _head[_least];
        Remove(node);
        return node;
    }

    private void Remove(int node)
    {
        int d = _degree[node];
        if (_previous[node] >= 0) _next[_previous[node]] = _next[node];
        else _head[d] = _next[node];
        if (_next[node] >= 0) _previous[_next[node]] = _previous[node];
    }
}
