namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// Solves the junction head equations A·h = f, A symmetric positive definite with the network's sparsity: rows
/// renumbered by reverse Cuthill–McKee so the nonzeros hug the diagonal, then a Cholesky factorisation within each
/// row's envelope (from its first nonzero to the diagonal), where all fill-in of a banded pipe network falls. The
/// ordering and envelope are worked out once per network; each solve refills the values and allocates nothing.
/// </summary>
internal sealed class EnvelopeCholesky
{
    private readonly int _n;
    private readonly int[] _order;     // new row → junction
    private readonly int[] _row;       // junction → new row
    private readonly int[] _first;     // first column of each row's envelope
    private readonly int[] _start;     // where each row's envelope starts in _values (the diagonal is at _start[i] + i − _first[i])
    private readonly double[] _values;
    private readonly double[] _work;

    /// <param name="n">Junctions.</param>
    /// <param name="pairs">The junction pairs a link joins (both junctions; links to fixed-head nodes are left out).</param>
    public EnvelopeCholesky(int n, IReadOnlyList<(int A, int B)> pairs)
    {
        _n = n;
        var neighbours = new List<int>[n];
        for (int i = 0; i < n; i++) neighbours[i] = [];
        foreach (var (a, b) in pairs)
        {
            if (a == b) continue;
            neighbours[a].Add(b);
            neighbours[b].Add(a);
        }
        _order = ReverseCuthillMcKee(neighbours);
        _row = new int[n];
        for (int i = 0; i < n; i++) _row[_order[i]] = i;
        _first = new int[n];
        for (int i = 0; i < n; i++)
        {
            int first = i;
            foreach (int j in neighbours[_order[i]]) first = Math.Min(first, _row[j]);
            _first[i] = first;
        }
        _start = new int[n + 1];
        for (int i = 0; i < n; i++) _start[i + 1] = _start[i] + (i - _first[i] + 1);
        _values = new double[_start[n]];
        _work = new double[n];
    }

    /// <summary>Stored entries, diagonals included: the work of a factorisation grows with their spread.</summary>
    public int EnvelopeSize => _values.Length;

    public void Clear() => Array.Clear(_values);

    /// <summary>Adds to the diagonal entry of junction <paramref name="j"/>.</summary>
    public void AddDiagonal(int j, double value)
    {
        int i = _row[j];
        _values[_start[i] + i - _first[i]] += value;
    }

    /// <summary>Adds to the entry joining junctions <paramref name="a"/> and <paramref name="b"/> (symmetric; stored once).</summary>
    public void AddOffDiagonal(int a, int b, double value)
    {
        int i = _row[a], j = _row[b];
        if (j > i) (i, j) = (j, i);
        _values[_start[i] + j - _first[i]] += value;
    }

    /// <summary>
    /// Factorises and solves in place: <paramref name="rhs"/> holds f by junction on entry and h by junction on return.
    /// Returns −1, or the junction whose pivot was not positive (a part of the network cut off from any fixed head).
    /// </summary>
    public int Solve(double[] rhs)
    {
        var v = _values;
        // L·Lᵀ within the envelope, row by row: L[i][j] = (A[i][j] − Σ_k L[i][k]·L[j][k]) / L[j][j] over the columns both rows hold.
        for (int i = 0; i < _n; i++)
        {
            int fi = _first[i], si = _start[i];
            for (int j = fi; j < i; j++)
            {
                int fj = _first[j], sj = _start[j];
                int k0 = Math.Max(fi, fj);
                double sum = v[si + j - fi];
                for (int k = k0; k < j; k++) sum -= v[si + k - fi] * v[sj + k - fj];
                v[si + j - fi] = sum / v[sj + j - fj];
            }
            double d = v[si + i - fi];
            for (int k = fi; k < i; k++) d -= v[si + k - fi] * v[si + k - fi];
            if (!(d > 0)) return _order[i];
            v[si + i - fi] = Math.Sqrt(d);
        }
        var y = _work;
        for (int i = 0; i < _n; i++) y[i] = rhs[_order[i]];
        // Forward: L·z = y.
        for (int i = 0; i < _n; i++)
        {
            int fi = _first[i], si = _start[i];
            double sum = y[i];
            for (int k = fi; k < i; k++) sum -= v[si + k - fi] * y[k];
            y[i] = sum / v[si + i - fi];
        }
        // Back: Lᵀ·x = z, column by column (row i's envelope is column i of Lᵀ).
        for (int i = _n - 1; i >= 0; i--)
        {
            int fi = _first[i], si = _start[i];
            y[i] /= v[si + i - fi];
            double xi = y[i];
            for (int k = fi; k < i; k++) y[k] -= v[si + k - fi] * xi;
        }
        for (int i = 0; i < _n; i++) rhs[_order[i]] = y[i];
        return -1;
    }

    /// <summary>Breadth-first from a node of least degree in each component, neighbours by rising degree, then reversed.</summary>
    private static int[] ReverseCuthillMcKee(List<int>[] neighbours)
    {
        int n = neighbours.Length;
        var order = new List<int>(n);
        var seen = new bool[n];
        var byDegree = Enumerable.Range(0, n).OrderBy(i => neighbours[i].Count).ToArray();
        var queue = new Queue<int>();
        foreach (int root in byDegree)
        {
            if (seen[root]) continue;
            seen[root] = true;
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                int u = queue.Dequeue();
                order.Add(u);
                foreach (int w in neighbours[u].Where(w => !seen[w]).OrderBy(w => neighbours[w].Count))
                {
                    seen[w] = true;
                    queue.Enqueue(w);
                }
            }
        }
        order.Reverse();
        return [.. order];
    }
}
