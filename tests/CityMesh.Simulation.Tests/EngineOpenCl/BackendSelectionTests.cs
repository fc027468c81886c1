using CityMesh.Compute;
using CityMesh.Simulation.Tests.Engine;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Engine.OpenCl;

namespace CityMesh.Simulation.Tests.EngineOpenCl;

public sealed class BackendSelectionTests
{
    [Fact]
    public void Opencl_cpu_selects_the_OpenCL_kernels_on_PoCL_and_managed_the_managed_ones()
    {
        var options = new TrafficSimulationOptions();
        var openCl = TrafficKernelFactory.Create(ComputeSelector.Select("opencl-cpu"), options);
        var managed = TrafficKernelFactory.Create(ComputeSelector.Select("managed"), options);

        var kernels = Assert.IsType<OpenClTrafficKernels>(openCl);
        Assert.Equal(Pocl.Device, kernels.Device);
        Assert.IsType<ManagedTrafficKernels>(managed);
        kernels.Dispose();
    }

    [Fact]
    public void The_chosen_backend_is_in_the_simulation_and_its_results()
    {
        var network = TestNetworks.Straight(2, 300);
        var demand = TestDemand.RandomWalks(network, 5, 10, seed: 1);
        var options = new TrafficSimulationOptions { EndTime = 60 };

        var onPocl = TrafficBackends.CreateSimulation(network, demand, options, ComputeSelector.Select("opencl-cpu"));
        var managed = TrafficBackends.CreateSimulation(network, demand, options, ComputeSelector.Select("managed"));

        Assert.StartsWith("OpenCL CPU: " + Pocl.Device.Name, onPocl.Backend, StringComparison.Ordinal);
        Assert.Equal(onPocl.Backend, onPocl.Run().Summary.Backend);
        Assert.StartsWith("managed: ", managed.Backend, StringComparison.Ordinal);
        Assert.Equal(managed.Backend, managed.Run().Summary.Backend);
        Assert.Equal(managed.Results.Trips, onPocl.Results.Trips);
    }

    [Fact]
    public void The_kernel_source_is_embedded_and_asks_for_exact_float_arithmetic()
    {
        var source = OpenClTrafficProgram.Source();
        Assert.Contains("#pragma OPENCL FP_CONTRACT OFF", source, StringComparison.Ordinal);
        Assert.Contains("__kernel void plan_speeds", source, StringComparison.Ordinal);
        Assert.Contains("__kernel void move_vehicles", source, StringComparison.Ordinal);
        Assert.DoesNotContain("fast-relaxed", OpenClTrafficProgram.BuildOptions, StringComparison.Ordinal);
    }
}
