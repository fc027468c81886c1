using CityMesh.Simulation.Water.Hydraulics;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>The head equations' solver against a dense Gaussian elimination, and its refusal of a part cut off from every fixed head.</summary>
public sealed class SparseCholeskyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(30, 30)]
    public void Grid_with_random_conductances_solves_as_dense_elimination_does(int width, int height)
    {
        var random = new Random(7);
        int n = width * height;
        var pairs = new List<(int, int)>();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (x + 1 < width) pairs.Add((y * width + x, y * width + x + 1));
                if (y + 1 < height) pairs.Add((y * width + x, (y + 1) * width + x));
                // A few diagonals so the pattern is not a plain grid.
                if (x + 1 < width && y + 1 < height && random.NextDouble() < 0.2) pairs.Add((y * width + x, (y + 1) * width + x + 1));
            }
        var solver = new SparseCholesky(n, pairs);
        var dense = new double[n, n];
        solver.Clear();
        foreach (var (a, b) in pairs)
        {
            double p = 0.1 + random.NextDouble();
            solver.AddDiagonal(a, p);
            solver.AddDiagonal(b, p);
            solver.AddOffDiagonal(a, b, -p);
            dense[a, a] += p;
            dense[b, b] += p;
            dense[a, b] -= p;
            dense[b, a] -= p;
        }
        // Ties to fixed heads along one edge make it positive definite, as reservoirs do.
        for (int x = 0; x < width; x++)
        {
            solver.AddDiagonal(x, 2);
            dense[x, x] += 2;
        }
        var rhs = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var expected = Dense(dense, rhs);
        var actual = (double[])rhs.Clone();
        Assert.Equal(-1, solver.Solve(actual));
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], actual[i], 1e-9);
        // Minimum degree keeps a 30 × 30 grid's factor far below the dense triangle's n(n+1)/2.
        Assert.True(solver.FactorSize < n * (n + 1) / 2 / 5 || n < 100, $"factor holds {solver.FactorSize} entries for {n} junctions");
    }

    [Fact]
    public void Junctions_cut_off_from_every_fixed_head_are_named()
    {
        // 0–1 tied to a fixed head; 2–3 joined only to each other.
        var solver = new SparseCholesky(4, [(0, 1), (2, 3)]);
        solver.Clear();
        solver.AddDiagonal(0, 2);
        solver.AddDiagonal(1, 1);
        solver.AddOffDiagonal(0, 1, -1);
        solver.AddDiagonal(2, 1);
        solver.AddDiagonal(3, 1);
        solver.AddOffDiagonal(2, 3, -1);
        int bad = solver.Solve(new double[4]);
        Assert.Contains(bad, new[] { 2, 3 });
    }

    private static double[] Dense(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) m[r, k] -= f * m[c, k];
                x[r] -= f * x[c];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int k = r + 1; k < n; k++) s -= m[r, k] * x[k];
            x[r] = s / m[r, r];
        }
        return x;
    }
}
