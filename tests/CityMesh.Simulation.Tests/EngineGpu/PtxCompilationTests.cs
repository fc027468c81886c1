using CityMesh.Simulation.Energy.PowerFlow.Batch.Gpu;
using CityMesh.Simulation.Epidemic.Gpu;
using CityMesh.Simulation.Flood.Gpu;
using CityMesh.Simulation.Solar.Gpu;
using System.Reflection;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;
using CityMesh.Simulation.Traffic.Engine.Gpu;
using ILGPU;

namespace CityMesh.Simulation.Tests.EngineGpu;

/// <summary>
/// Every ILGPU kernel of the simulators compiles to PTX for each targeted CUDA architecture, here, with no GPU and no
/// CUDA toolkit: a construct the device cannot run (an allocation, a throw, a virtual call) fails CI, not a GPU node.
/// </summary>
public sealed class PtxCompilationTests
{
    /// <summary>The kernel classes; a kernel is a public static method whose first parameter is an Index1D.</summary>
    private static readonly Type[] KernelClasses = [typeof(TrafficKernels), typeof(PlateKernels), typeof(EpidemicKernels), typeof(FloodKernels), typeof(SolarKernels), typeof(FeederSweepKernels)];

    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in KernelMethods())
            foreach (var architecture in PtxTargets.Architectures)
                data.Add($"{method.DeclaringType!.Name}.{method.Name}", architecture.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void The_kernel_compiles_to_PTX(string kernel, string architecture)
    {
        var method = KernelMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == kernel);
        var target = PtxTargets.Architectures.Single(a => a.ToString() == architecture);

        string ptx = PtxTargets.Compile(method, target);

        Assert.Contains(".visible .entry", ptx, StringComparison.Ordinal);
        Assert.Matches(@"\.target sm_\d+", ptx);
        // Single-precision division and square root correctly rounded, as in .NET: the agreement depends on it.
        Assert.DoesNotContain("div.approx.f32", ptx, StringComparison.Ordinal);
        Assert.DoesNotContain("sqrt.approx.f32", ptx, StringComparison.Ordinal);
        Assert.DoesNotContain("div.full.f32", ptx, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_list_is_the_one_the_renderers_and_simulations_launch()
    {
        Assert.Equal(["TrafficKernels.MoveVehicles", "TrafficKernels.PlanSpeeds", "TrafficKernels.TallyLanes",
            "PlateKernels.DctQuantise", "PlateKernels.FilterTaps", "PlateKernels.IdctStore", "PlateKernels.Sensor", "PlateKernels.Shade",
            "EpidemicKernels.Apply", "EpidemicKernels.Update", "EpidemicKernels.Vaccinate",
            "FloodKernels.MaxWaveSpeed", "FloodKernels.Sources", "FloodKernels.Update", "SolarKernels.Sums", "FeederSweepKernels.Solve"],
            KernelMethods().Select(m => $"{m.DeclaringType!.Name}.{m.Name}"));
    }

    private static IEnumerable<MethodInfo> KernelMethods() =>
        KernelClasses.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(Index1D))
            .OrderBy(m => m.Name, StringComparer.Ordinal));
}
