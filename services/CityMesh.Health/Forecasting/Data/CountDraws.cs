using CityMesh.Simulation;

namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Count noise: a day's admissions are Poisson around a mean that is itself a gamma draw around the expected level,
/// i.e. negative binomial with variance μ + (dispersion·μ)². Poisson alone would say every patient arrives
/// independently; real days also vary as a whole (weather, a bad night on the roads, a care home outbreak).
/// </summary>
internal static class CountDraws
{
    /// <param name="dispersion">Coefficient of variation of the day's mean around <paramref name="expected"/>; 0 gives Poisson.</param>
    public static int NegativeBinomial(this SeededRandom random, double expected, double dispersion)
    {
        if (dispersion <= 0) return random.Poisson(expected);
        double shape = 1 / (dispersion * dispersion);
        return random.Poisson(expected * random.Gamma(shape) / shape);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables"; shape ≥ 1.</summary>
    public static double Gamma(this SeededRandom random, double shape)
    {
        if (shape < 1) throw new ArgumentOutOfRangeException(nameof(shape), shape, "This method needs shape ≥ 1.");
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = random.Normal(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>
    /// Poisson by inversion: walk the cumulative distribution from 0 until it passes a uniform draw. Exact, and cheap at
    /// a hospital's tens to hundreds a day (about mean steps); means above <see cref="Chunk"/> are split into sums of
    /// Poisson draws, which are Poisson, so e^-mean never underflows.
    /// </summary>
    public static int Poisson(this SeededRandom random, double mean)
    {
        if (!(mean >= 0) || double.IsInfinity(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean must be finite and not negative.");
        int total = 0;
        for (; mean > Chunk; mean -= Chunk) total += Inversion(random, Chunk);
        return total + Inversion(random, mean);
    }

    private const double Chunk = 500;

    private static int Inversion(SeededRandom random, double mean)
    {
        double p = Math.Exp(-mean), cdf = p, u = random.NextDouble();
        int k = 0;
        while (u > cdf)
        {
            k++;
            p *= mean / k;
            cdf += p;
            if (p == 0 && k > mean) break;   // rounding left the sum a hair below 1: u is in the far tail
        }
        return k;
    }
}
