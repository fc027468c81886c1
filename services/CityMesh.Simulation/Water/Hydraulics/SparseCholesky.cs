using CityMesh.Simulation.Sparse;

namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// Solves the junction head equations A·h = f, A symmetric positive definite with the network's sparsity, by a sparse
/// Cholesky factorisation A = L·Lᵀ. Once per network: the junctions are reordered by minimum degree (eliminate the
/// junction with the fewest neighbours left, joining its neighbours to each other), which keeps the fill-in of a
/// street grid near n·log n where a banded order costs n^1.5; the elimination itself gives L's pattern, column by
/// column. Each solve refills the values, factorises left-looking (each column gathers the columns that touch its
/// row) and substitutes forward and back; it allocates nothing.
/// </summary>
internal sealed class SparseCholesky
{
    private readonly int _n;
    private readonly int[] _perm;      // new column → junction
    private readonly int[] _inverse;   // junction → new column
    private readonly int[] _colStart;  // column j's entries: _rows[_colStart[j] .. _colStart[j + 1]), the diagonal first
    private readonly int[] _rows;
    private readonly double[] _values;
    // Row j of L (the columns k < j with L[j][k] ≠ 0) and where row j sits in each such column.
    private readonly int[] _rowStart;
    private readonly int[] _rowColumns;
    private readonly int[] _rowPositions;
    private readonly double[] _work;

    /// <param name="n">Junctions.</param>
    /// <param name="pairs">The junction pairs links join (links to fixed-head nodes are left out).</param>
    public SparseCholesky(int n, IReadOnlyList<(int A, int B)> pairs)
    {
        _n = n;
        // Minimum degree: eliminating v makes its neighbours a clique, and those neighbours are L's column for v.
        var (perm, inverse, columns) = MinimumDegree.Of(n, pairs);
        _perm = perm;
        _inverse = inverse;
        // Columns in the new numbering, rows sorted, the diagonal first.
        _colStart = new int[n + 1];
        for (int j = 0; j < n; j++) _colStart[j + 1] = _colStart[j] + 1 + columns[j].Length;
        _rows = new int[_colStart[n]];
        var rowCounts = new int[n];
        for (int j = 0; j < n; j++)
        {
            int at = _colStart[j];
            _rows[at++] = j;
            var below = columns[j].Select(u => _inverse[u]).Order().ToArray();
            foreach (int i in below)
            {
                _rows[at++] = i;
                rowCounts[i]++;
            }
        }
        _values = new double[_rows.Length];
        _rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) _rowStart[i + 1] = _rowStart[i] + rowCounts[i];
        _rowColumns = new int[_rowStart[n]];
        _rowPositions = new int[_rowStart[n]];
        var fill = _rowStart[..n];
        for (int j = 0; j < n; j++)
            for (int p = _colStart[j] + 1; p < _colStart[j + 1]; p++)
            {
                int i = _rows[p];
                _rowColumns[fill[i]] = j;
                _rowPositions[fill[i]] = p;
                fill[i]++;
            }
        _work = new double[n];
    }

    /// <summary>Entries of L (diagonal included): the factorisation's memory, and its work grows with their square per column.</summary>
    public int FactorSize => _values.Length;

    public void Clear() => Array.Clear(_values);

    /// <summary>Adds to the diagonal entry of junction <paramref name="j"/>.</summary>
    public void AddDiagonal(int j, double value) => _values[_colStart[_inverse[j]]] += value;

    /// <summary>Adds to the entry joining junctions <paramref name="a"/> and <paramref name="b"/> (symmetric; stored once, below the diagonal).</summary>
    public void AddOffDiagonal(int a, int b, double value) => _values[Position(a, b)] += value;

    /// <summary>Where the entry joining junctions <paramref name="a"/> and <paramref name="b"/> is kept; links look it up once.</summary>
    public int Position(int a, int b)
    {
        int i = _inverse[a], j = _inverse[b];
        if (i < j) (i, j) = (j, i);
        int found = Array.BinarySearch(_rows, _colStart[j] + 1, _colStart[j + 1] - _colStart[j] - 1, i);
        return found >= 0 ? found : throw new ArgumentException($"junctions {a} and {b} are not joined");
    }

    /// <summary>Adds to an entry by its <see cref="Position"/>.</summary>
    public void AddAt(int position, double value) => _values[position] += value;

    /// <summary>
    /// Factorises and solves in place: <paramref name="rhs"/> holds f by junction on entry and h by junction on return.
    /// Returns −1, or the junction whose pivot was not positive (a part of the network cut off from every fixed head).
    /// </summary>
    public int Solve(double[] rhs)
    {
        var v = _values;
        var w = _work;
        for (int j = 0; j < _n; j++)
        {
            int start = _colStart[j], end = _colStart[j + 1];
            // Gather column j of A into w, then take off every earlier column's share: L[i][j] −= L[i][k]·L[j][k].
            for (int p = start; p < end; p++) w[_rows[p]] = v[p];
            for (int r = _rowStart[j]; r < _rowStart[j + 1]; r++)
            {
                int k = _rowColumns[r], at = _rowPositions[r];
                double ljk = v[at];
                int kEnd = _colStart[k + 1];
                for (int p = at; p < kEnd; p++) w[_rows[p]] -= v[p] * ljk;
            }
            double d = w[j];
            if (!(d > 0)) return _perm[j];
            d = Math.Sqrt(d);
            v[start] = d;
            for (int p = start + 1; p < end; p++) v[p] = w[_rows[p]] / d;
        }
        var y = w;
        for (int i = 0; i < _n; i++) y[i] = rhs[_perm[i]];
        // Forward, L·z = y, by columns.
        for (int j = 0; j < _n; j++)
        {
            int start = _colStart[j], end = _colStart[j + 1];
            double z = y[j] / v[start];
            y[j] = z;
            for (int p = start + 1; p < end; p++) y[_rows[p]] -= v[p] * z;
        }
        // Back, Lᵀ·x = z, by columns of L (rows of Lᵀ).
        for (int j = _n - 1; j >= 0; j--)
        {
            int start = _colStart[j], end = _colStart[j + 1];
            double sum = y[j];
            for (int p = start + 1; p < end; p++) sum -= v[p] * y[_rows[p]];
            y[j] = sum / v[start];
        }
        for (int i = 0; i < _n; i++) rhs[_perm[i]] = y[i];
        return -1;
    }
}
