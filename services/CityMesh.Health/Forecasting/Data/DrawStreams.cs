using CityMesh.Simulation;

namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Random streams for the synthetic admissions: one SplitMix64 generator (<see cref="SeededRandom"/>) per purpose and
/// cell, keyed by (seed, purpose, a, b), so a hospital's day draws the same numbers however many hospitals or days are
/// made and in whatever order: hospital 3's series does not change when a fourth hospital is added.
/// </summary>
internal static class DrawStreams
{
    public static SeededRandom For(int seed, string purpose, long a = 0, long b = 0) =>
        new(SeededRandom.Mix(SeededRandom.Mix((ulong)(uint)seed ^ SeededRandom.Hash(purpose))
            ^ ((ulong)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)b * 0xD1B54A32D192ED03UL)));

    /// <summary>Standard normal by Box–Muller (one of the pair; streams are short, so the other is not kept).</summary>
    public static double Normal(this SeededRandom random)
    {
        double u1 = 1.0 - random.NextDouble();   // (0, 1]: the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
