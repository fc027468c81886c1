using System.Numerics;

namespace CityMesh.Compute;

/// <summary>
/// What the managed backend has to work with: the simulators' C# kernels split work over cores
/// (Parallel.For) and lanes (Vector&lt;float&gt;). The kernels themselves live with the simulators.
/// </summary>
public sealed record ManagedCompute(int ProcessorCount, int VectorFloatWidth, bool IsHardwareAccelerated)
{
    /// <summary>This process: cores it may use, and the JIT's SIMD width.</summary>
    public static ManagedCompute Current => new(Environment.ProcessorCount, Vector<float>.Count, Vector.IsHardwareAccelerated);

    /// <summary>e.g. "managed: 2 cores, Vector&lt;float&gt; width 8".</summary>
    public string Description =>
        $"managed: {ProcessorCount} cores, Vector<float> width {VectorFloatWidth}" + (IsHardwareAccelerated ? "" : " (not hardware accelerated)");

    public override string ToString() => Description;
}
