using CityMesh.Simulation.Solar.Shading;

namespace CityMesh.Simulation.Solar;

/// <summary>Where the roofs × suns sums run: managed (<see cref="ManagedSolarKernels"/>) or an ILGPU accelerator.</summary>
internal interface ISolarKernels : IDisposable
{
    /// <summary>Where they run, for logs and results.</summary>
    string Description { get; }

    /// <summary>Seconds the last run spent computing (for an ILGPU device, the kernel alone, without the copies).</summary>
    double KernelSeconds { get; }

    /// <summary>
    /// For every sample and block of suns (<see cref="YieldRules.Blocks"/>), the sums, into arrays of
    /// samples × blocks, sample-major.
    /// </summary>
    void Run(CityBlocks city, RoofSamples samples, SunTable suns, PvConstants pv, SolarSums into);
}

/// <summary>The kernels' outputs, samples × blocks, sample-major.</summary>
internal sealed class SolarSums(int samples, int blocks)
{
    public int Samples { get; } = samples;
    public int Blocks { get; } = blocks;
    public double[] Poa { get; } = new double[samples * blocks];
    public double[] Ac { get; } = new double[samples * blocks];
    public int[] Shaded { get; } = new int[samples * blocks];
    public int[] Cast { get; } = new int[samples * blocks];
}
