namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// Random numbers as a pure function of (seed, a, b, stream), SplitMix64's finaliser over the packed counter: a day's
/// demand, level and incidents do not depend on which thread generates which day, so a seed gives one data set.
/// </summary>
internal static class SeededDraws
{
    public const uint TripStream = 11;
    public const uint DayLevelStream = 12;
    public const uint WanderStream = 13;
    public const uint IncidentStream = 14;

    /// <summary>Uniform in [0, 1).</summary>
    public static double Uniform(ulong seed, long a, long b, uint stream)
    {
        ulong z = seed ^ ((ulong)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)b * 0xD1B54A32D192ED03UL) ^ ((ulong)stream << 56);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Standard normal by Box–Muller from two draws.</summary>
    public static double Normal(ulong seed, long a, long b, uint stream)
    {
        double u1 = 1.0 - Uniform(seed, a, 2 * b, stream);
        double u2 = Uniform(seed, a, 2 * b + 1, stream);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
