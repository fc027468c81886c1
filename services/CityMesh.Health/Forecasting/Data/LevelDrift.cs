using CityMesh.Simulation;

namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Slow movements of a level, as a log-factor per day: a mean-reverting AR(1) (x_t = φ·x_{t-1} + √(1-φ²)·σ·ε_t, started
/// from its stationary distribution, so its spread is σ on every day) plus, optionally, permanent steps at random
/// days. What they stand for is in Forecasting/README.md; what matters for forecasting is that they persist.
/// </summary>
internal static class LevelDrift
{
    /// <param name="spread">σ, the stationary standard deviation of the log-level.</param>
    /// <param name="halfLifeDays">Days for a deviation to halve on average: φ = 2^(-1/half-life).</param>
    public static double[] Autoregressive(SeededRandom random, int days, double spread, double halfLifeDays)
    {
        var level = new double[days];
        if (spread <= 0 || days == 0) return level;
        double phi = Math.Pow(2, -1 / halfLifeDays), innovation = Math.Sqrt(1 - phi * phi) * spread;
        level[0] = spread * random.Normal();
        for (int d = 1; d < days; d++) level[d] = phi * level[d - 1] + innovation * random.Normal();
        return level;
    }

    /// <summary>Permanent steps: on each day one happens with chance perYear/365.25, of size N(0, sizeSpread) in log.</summary>
    public static double[] Steps(SeededRandom random, int days, double perYear, double sizeSpread)
    {
        var level = new double[days];
        double chance = perYear / 365.25, now = 0;
        for (int d = 0; d < days; d++)
        {
            if (perYear > 0 && random.Chance(chance)) now += sizeSpread * random.Normal();
            level[d] = now;
        }
        return level;
    }
}
