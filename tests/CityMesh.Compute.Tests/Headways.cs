using ILGPU;

namespace CityMesh.Compute.Tests;

/// <summary>
/// The README's worked example: time headway (gap ÷ speed) per vehicle. The formula is one static method; the managed
/// loop and the ILGPU kernel both call it, so there is nothing to keep in step.
/// </summary>
internal static class Headways
{
    /// <summary>Seconds until the follower reaches the leader's position; +∞ when it stands.</summary>
    public static float Headway(float gap, float speed) => speed > 0.1f ? gap / speed : float.PositiveInfinity;

    /// <summary>The managed path: the CPU fallback and the oracle.</summary>
    public static void Managed(ReadOnlySpan<float> gaps, ReadOnlySpan<float> speeds, Span<float> headways)
    {
        for (int i = 0; i < headways.Length; i++) headways[i] = Headway(gaps[i], speeds[i]);
    }

    /// <summary>The kernel: one thread per vehicle.</summary>
    public static void Kernel(Index1D i, ArrayView<float> gaps, ArrayView<float> speeds, ArrayView<float> headways) =>
        headways[i] = Headway(gaps[i], speeds[i]);
}
