namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Random numbers as a pure function of (seed, vehicle, step, stream): no shared generator, so lanes can be
/// processed in any order on any number of threads (or on a GPU: the ILGPU kernels call this very method) and draw the same numbers.
/// SplitMix64's finaliser mixes the packed counter.
/// </summary>
internal static class CounterRandom
{
    public const uint DawdleStream = 0;
    public const uint SpeedFactorStream = 1;
    public const uint DemandScaleStream = 2;
    public const uint ObservedDemandStream = 3;
    public const uint ObservedTurnStream = 4;

    public const uint InfectionStream = 5;
    public const uint InitialCaseStream = 6;
    public const uint OutcomeStream = 7;
    public const uint VaccinationStream = 8;

    /// <summary>Uniform in [0, 1) with 24 bits, exactly representable in float32 on both backends.</summary>
    public static float Uniform(ulong seed, int vehicle, long step, uint stream) => (Bits(seed, vehicle, step, stream) >> 40) * (1.0f / (1 << 24));

    /// <summary>
    /// 32 uniform bits, for a probability compared as p · 2³²: resolution 2.3e-10, where a float in [0, 1) has only
    /// 6e-8, too coarse for a daily infection risk of one in ten million.
    /// </summary>
    public static uint Uniform32(ulong seed, int agent, long step, uint stream) => (uint)(Bits(seed, agent, step, stream) >> 32);

    private static ulong Bits(ulong seed, int item, long step, uint stream)
    {
        ulong z = seed ^ ((ulong)(uint)item * 0x9E3779B97F4A7C15UL) ^ ((ulong)step * 0xD1B54A32D192ED03UL) ^ ((ulong)stream << 56);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Standard normal by Box–Muller from two counter draws.</summary>
    public static double Normal(ulong seed, int vehicle, uint stream)
    {
        double u1 = 1.0 - Uniform(seed, vehicle, 0, stream);
        double u2 = Uniform(seed, vehicle, 1, stream);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
