using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Compute.Tests;

/// <summary>The pattern every kernel here follows, checked the way the simulators' kernels are: on the CPU accelerator and as PTX.</summary>
public sealed class WorkedExampleTests
{
    [Fact]
    public void The_kernel_on_the_CPU_accelerator_gives_the_managed_bits()
    {
        var gaps = Enumerable.Range(0, 1000).Select(i => 2f + i * 0.37f).ToArray();
        var speeds = Enumerable.Range(0, 1000).Select(i => (i % 17) * 0.9f).ToArray();
        var expected = new float[gaps.Length];
        Headways.Managed(gaps, speeds, expected);

        var accelerator = IlgpuRuntime.Accelerator(ComputeSelector.Select("ilgpu-cpu").Device!);
        using var stream = accelerator.CreateStream();
        var kernel = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Headways.Kernel);
        using var gapBuffer = accelerator.Allocate1D(gaps);
        using var speedBuffer = accelerator.Allocate1D(speeds);
        using var result = accelerator.Allocate1D<float>(gaps.Length);
        kernel(stream, gaps.Length, gapBuffer.View, speedBuffer.View, result.View);
        var actual = new float[gaps.Length];
        result.View.CopyToCPU(stream, actual);
        stream.Synchronize();

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(float.PositiveInfinity, actual);
    }

    [Fact]
    public void The_kernel_compiles_to_PTX_for_every_targeted_architecture_without_a_GPU()
    {
        foreach (var architecture in PtxTargets.Architectures)
        {
            string ptx = PtxTargets.Compile(typeof(Headways).GetMethod(nameof(Headways.Kernel))!, architecture);

            Assert.Contains(".entry", ptx, StringComparison.Ordinal);
            Assert.Matches(@"\.target sm_\d+", ptx);
            Assert.Contains("div.rn.f32", ptx, StringComparison.Ordinal); // correctly rounded, as .NET divides
        }
        Assert.Equal(["SM_80", "SM_90"], PtxTargets.Architectures.Select(a => a.ToString()));
    }

    [Fact]
    public void A_construct_the_device_cannot_run_fails_at_compile_time_naming_it()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
            PtxTargets.Compile(typeof(WorkedExampleTests).GetMethod(nameof(AllocatingKernel), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!,
                PtxTargets.Architectures[0]));

        Assert.Contains("AllocatingKernel", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Allocates a managed array per thread, which no GPU can do.</summary>
    private static void AllocatingKernel(Index1D i, ArrayView<float> output) => output[i] = new float[i + 1].Length;
}
