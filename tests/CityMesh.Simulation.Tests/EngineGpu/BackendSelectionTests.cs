using CityMesh.Compute;
using CityMesh.Simulation.Tests.Engine;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Engine.Gpu;

namespace CityMesh.Simulation.Tests.EngineGpu;

public sealed class BackendSelectionTests
{
    [Fact]
    public void Ilgpu_cpu_selects_the_ILGPU_kernels_on_the_CPU_accelerator_and_managed_the_managed_ones()
    {
        var options = new TrafficSimulationOptions();
        var ilgpu = TrafficKernelFactory.Create(CpuAccelerator.Selection, options);
        var managed = TrafficKernelFactory.Create(ComputeSelector.Select("managed"), options);

        var kernels = Assert.IsType<IlgpuTrafficKernels>(ilgpu);
        Assert.Equal(CpuAccelerator.Device, kernels.Device);
        Assert.IsType<ManagedTrafficKernels>(managed);
        kernels.Dispose();
    }

    [Fact]
    public void The_chosen_backend_is_in_the_simulation_and_its_results()
    {
        var network = TestNetworks.Straight(2, 300);
        var demand = TestDemand.RandomWalks(network, 5, 10, seed: 1);
        var options = new TrafficSimulationOptions { EndTime = 60 };

        var onCpuAccelerator = TrafficBackends.CreateSimulation(network, demand, options, CpuAccelerator.Selection);
        var managed = TrafficBackends.CreateSimulation(network, demand, options, ComputeSelector.Select("managed"));

        Assert.Equal("ilgpu-cpu: ILGPU CPU accelerator, host memory; PlanSpeeds and Move on ILGPU, lane changes managed", onCpuAccelerator.Backend);
        Assert.Equal(onCpuAccelerator.Backend, onCpuAccelerator.Run().Summary.Backend);
        Assert.StartsWith("managed: ", managed.Backend, StringComparison.Ordinal);
        Assert.Equal(managed.Backend, managed.Run().Summary.Backend);
        Assert.Equal(managed.Results.Trips, onCpuAccelerator.Results.Trips);
    }

    [Fact]
    public void One_kernel_set_serves_one_simulation()
    {
        var network = TestNetworks.Straight(1, 200);
        var demand = TestDemand.RandomWalks(network, 3, 5, seed: 2);
        using var kernels = new IlgpuTrafficKernels(CpuAccelerator.Device);
        var first = new TrafficSimulation(network, demand, new TrafficSimulationOptions(), kernels, kernels.Description);
        var second = new TrafficSimulation(network, demand, new TrafficSimulationOptions(), kernels, kernels.Description);
        first.Step();

        var error = Assert.Throws<InvalidOperationException>(second.Step);

        Assert.Contains("serves one simulation", error.Message, StringComparison.Ordinal);
    }
}
