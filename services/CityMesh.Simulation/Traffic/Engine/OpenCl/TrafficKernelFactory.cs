using CityMesh.Compute;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>The traffic kernels for a <see cref="ComputeSelection"/>: OpenCL on its device, or managed.</summary>
internal static class TrafficKernelFactory
{
    public static ITrafficKernels Create(ComputeSelection selection, TrafficSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(options);
        return selection.Device is { } device
            ? new OpenClTrafficKernels(device, selection.Description, options.MaxDegreeOfParallelism)
            : new ManagedTrafficKernels(options.MaxDegreeOfParallelism);
    }

    /// <summary>What the results report as the backend.</summary>
    public static string Describe(ITrafficKernels kernels, ComputeSelection selection) =>
        kernels is OpenClTrafficKernels openCl ? openCl.Description : selection.Description;
}
