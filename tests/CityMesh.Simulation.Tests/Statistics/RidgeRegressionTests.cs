using CityMesh.Simulation.Statistics;

namespace CityMesh.Simulation.Tests.Statistics;

public sealed class RidgeRegressionTests
{
    [Fact]
    public void Recovers_known_coefficients_exactly_from_a_noiseless_linear_series()
    {
        // y = 3 + 2·x₁ − 0.5·x₂ + 0.25·x₃ on a deterministic, non-collinear design: with no noise and no penalty
        // the normal equations give the coefficients back to rounding.
        double[] truth = [3, 2, -0.5, 0.25];
        var fit = new RidgeRegression(truth.Length);
        for (int n = 0; n < 200; n++)
        {
            double[] x = [1, Math.Sin(n * 0.7), Math.Cos(n * 0.3), (n % 11) - 5];
            fit.Add(x, truth.Zip(x, (b, v) => b * v).Sum());
        }
        var beta = fit.Solve(0);
        for (int i = 0; i < truth.Length; i++) Assert.Equal(truth[i], beta[i], 1e-6);
        Assert.Equal(200, fit.Rows);
    }

    [Fact]
    public void Recovers_known_coefficients_from_noisy_data()
    {
        double[] truth = [0.5, 0.8, -0.3, 0.1];
        var random = new Random(3);
        var fit = new RidgeRegression(truth.Length);
        var x = new double[truth.Length];
        for (int n = 0; n < 20_000; n++)
        {
            x[0] = 1;
            for (int i = 1; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1;
            fit.Add(x, truth.Zip(x, (b, v) => b * v).Sum() + 0.05 * (random.NextDouble() - 0.5));
        }
        var beta = fit.Solve(1e-6);
        for (int i = 0; i < truth.Length; i++) Assert.Equal(truth[i], beta[i], 0.01);
    }

    [Fact]
    public void Recovers_an_autoregression_from_its_own_series()
    {
        // y_t = 0.6·y_{t-1} + 0.25·y_{t-2} + e_t, fitted on its lags.
        var random = new Random(5);
        var y = new double[50_000];
        for (int t = 2; t < y.Length; t++) y[t] = 0.6 * y[t - 1] + 0.25 * y[t - 2] + (random.NextDouble() - 0.5);
        var fit = new RidgeRegression(3);
        for (int t = 2; t < y.Length; t++) fit.Add([1, y[t - 1], y[t - 2]], y[t]);
        var beta = fit.Solve(0);
        Assert.Equal(0, beta[0], 0.02);
        Assert.Equal(0.6, beta[1], 0.02);
        Assert.Equal(0.25, beta[2], 0.02);
    }

    [Fact]
    public void The_penalty_shrinks_coefficients_but_not_the_bias()
    {
        var fit = new RidgeRegression(2);
        for (int n = 0; n < 100; n++) fit.Add([1, n % 2 == 0 ? 1 : -1], 5 + (n % 2 == 0 ? 2 : -2));
        var free = fit.Solve(0);
        var shrunk = fit.Solve(1);
        Assert.Equal(2, free[1], 1e-6);
        Assert.Equal(1, shrunk[1], 1e-6);   // (XᵀX + λn) β = Xᵀy: 100 β + 100 β = 200
        Assert.Equal(5, shrunk[0], 1e-6);
    }
}
