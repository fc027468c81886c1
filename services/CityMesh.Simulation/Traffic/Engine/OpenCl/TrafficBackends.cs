using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>
/// Builds a <see cref="TrafficSimulation"/> on the backend <c>CITYMESH_COMPUTE</c> (or the caller) chooses: auto
/// takes an OpenCL GPU when there is one, else the managed kernels; opencl-cpu runs the OpenCL kernels on PoCL.
/// The choice is in <see cref="TrafficSimulation.Backend"/> and in the results' summary.
/// </summary>
public static class TrafficBackends
{
    /// <summary>On the backend <see cref="ComputeSelector.FromEnvironment"/> chooses.</summary>
    public static TrafficSimulation CreateSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions? options = null) =>
        CreateSimulation(network, demand, options, ComputeSelector.FromEnvironment());

    /// <summary>
    /// On <paramref name="selection"/>'s backend. OpenCL device memory is released when the simulation is collected
    /// (the buffers are SafeHandles); the compiled program is kept per device for the life of the process.
    /// </summary>
    public static TrafficSimulation CreateSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions? options, ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        options ??= new TrafficSimulationOptions();
        var kernels = TrafficKernelFactory.Create(selection, options);
        return new TrafficSimulation(network, demand, options, kernels, TrafficKernelFactory.Describe(kernels, selection));
    }
}
