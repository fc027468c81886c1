using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Engine.Gpu;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>The traffic kernels for a <see cref="ComputeSelection"/>: ILGPU on its device, or managed.</summary>
internal static class TrafficKernelFactory
{
    public static ITrafficKernels Create(ComputeSelection selection, TrafficSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(options);
        return selection.Device is { } device
            ? new IlgpuTrafficKernels(device, options.MaxDegreeOfParallelism)
            : new ManagedTrafficKernels(options.MaxDegreeOfParallelism);
    }

    /// <summary>What the results report as the backend.</summary>
    public static string Describe(ITrafficKernels kernels, ComputeSelection selection) =>
        kernels is IlgpuTrafficKernels gpu ? gpu.Description : selection.Description;
}
