using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>The Jacobian's solver against dense Gaussian elimination on unsymmetric values over a symmetric pattern.</summary>
public sealed class SparseLuTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 4)]
    [InlineData(25, 20)]
    public void Grid_pattern_with_unsymmetric_values_solves_as_dense_elimination_does(int width, int height)
    {
        var random = new Random(11);
        int n = width * height;
        var pairs = new List<(int, int)>();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (x + 1 < width) pairs.Add((y * width + x, y * width + x + 1));
                if (y + 1 < height) pairs.Add((y * width + x, (y + 1) * width + x));
            }
        var lu = new SparseLu(n, pairs);
        var dense = new double[n, n];
        void Put(int r, int c, double value)
        {
            lu.Add(lu.Slot(r, c), value);
            dense[r, c] += value;
        }
        lu.Clear();
        foreach (var (a, b) in pairs)
        {
            Put(a, b, random.NextDouble() - 0.5);
            Put(b, a, random.NextDouble() - 0.5);
        }
        for (int i = 0; i < n; i++) Put(i, i, 3 + random.NextDouble());
        var rhs = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var expected = DenseSolve(dense, rhs);

        var x2 = (double[])rhs.Clone();
        Assert.Equal(-1, lu.Solve(x2));

        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x2[i], 10);
    }

    [Fact]
    public void A_chain_factorises_without_fill_and_a_zero_pivot_is_reported()
    {
        const int N = 1000;
        var lu = new SparseLu(N, Enumerable.Range(0, N - 1).Select(i => (i, i + 1)));
        Assert.Equal(N + 2 * (N - 1), lu.FactorSize); // the matrix's own entries: minimum degree eliminates from the ends
        lu.Clear();
        for (int i = 0; i < N; i++) lu.Add(lu.Slot(i, i), i == 500 ? 0 : 2);
        Assert.Equal(500, lu.Solve(new double[N]));
    }

    private static double[] DenseSolve(double[,] matrix, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++)
                if (Math.Abs(a[i, k]) > Math.Abs(a[pivot, k])) pivot = i;
            for (int j = 0; j < n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
            (b[k], b[pivot]) = (b[pivot], b[k]);
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
                b[i] -= f * b[k];
            }
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int j = i + 1; j < n; j++) sum -= a[i, j] * x[j];
            x[i] = sum / a[i, i];
        }
        return x;
    }
}
