using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Builds a <see cref="TrafficSimulation"/> on the backend <c>CITYMESH_COMPUTE</c> (or the caller) chooses: auto
/// takes a CUDA GPU, then an OpenCL GPU ILGPU can drive, else the managed kernels; ilgpu-cpu runs the ILGPU kernels on
/// ILGPU's CPU accelerator (tests). The choice is in <see cref="TrafficSimulation.Backend"/> and in the results' summary.
/// </summary>
public static class TrafficBackends
{
    /// <summary>On the backend <see cref="ComputeSelector.FromEnvironment"/> chooses.</summary>
    public static TrafficSimulation CreateSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions? options = null) =>
        CreateSimulation(network, demand, options, ComputeSelector.FromEnvironment());

    /// <summary>
    /// On <paramref name="selection"/>'s backend. Device memory is released when the simulation is collected (ILGPU's
    /// buffers finalise); the accelerator and the compiled kernels are kept for the life of the process.
    /// </summary>
    public static TrafficSimulation CreateSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions? options, ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        options ??= new TrafficSimulationOptions();
        var kernels = TrafficKernelFactory.Create(selection, options);
        return new TrafficSimulation(network, demand, options, kernels, TrafficKernelFactory.Describe(kernels, selection));
    }
}
