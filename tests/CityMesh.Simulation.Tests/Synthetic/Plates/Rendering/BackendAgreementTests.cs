using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;
using CityMesh.Simulation.Tests.EngineGpu;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>
/// The ILGPU plate kernels against the managed oracle on scenes that switch on every condition and effect, on ILGPU's
/// CPU accelerator (always; CI) and on every GPU ILGPU finds (a GPU node). On the CPU accelerator the kernels run as
/// .NET code with the managed arithmetic, so the bytes must be identical. On a GPU the tolerance (≤ 2 levels for
/// 99.9 % of samples, ≤ 8 for all) allows what a device compiler may change: ptxas contracts a multiply and an add
/// into one fused multiply-add unless told otherwise, a 1-ulp change that can move a sample across a rounding boundary
/// (1 level) or a DCT coefficient across a quantisation step at low quality (a few levels in its block).
/// </summary>
public sealed class BackendAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string> Devices()
    {
        var data = new TheoryData<string>();
        foreach (var d in IlgpuRuntime.Devices().Where(d => d.IsGpu || d.Kind == ComputeBackendKind.IlgpuCpu)) data.Add(d.Description);
        return data;
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void ILGPU_agrees_with_managed_on_every_effect(string deviceDescription)
    {
        var device = IlgpuRuntime.Devices().First(d => d.Description == deviceDescription);
        var scenes = Enumerable.Range(0, 12).Select(TestScenes.Varied).ToArray();
        using var managed = TestScenes.Managed();
        using var ilgpu = new IlgpuPlateRenderer(device);
        Assert.Equal(device.Kind.ToVariableValue(), ilgpu.Backend);
        var expected = TestScenes.Render(managed, scenes);
        var actual = TestScenes.Render(ilgpu, scenes);
        // Twice: the second batch reuses the device buffers.
        Assert.Equal(actual, TestScenes.Render(ilgpu, scenes));

        int off1 = 0, off2 = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d > 0) off1++;
            if (d > 2) off2++;
            worst = Math.Max(worst, d);
        }
        output.WriteLine($"{device}: {expected.Length} samples, {off1} differ, {off2} by more than 2, worst {worst}");
        if (device.Kind == ComputeBackendKind.IlgpuCpu)
            Assert.Equal(0, off1);
        Assert.True(off2 <= expected.Length / 1000, $"{off2} of {expected.Length} samples differ by more than 2 levels");
        Assert.True(worst <= 8, $"a sample differs by {worst} levels");
        // The scenes must really differ from each other, or agreement proves little.
        Assert.NotEqual(expected.AsSpan(0, 92160).ToArray(), expected.AsSpan(92160, 92160).ToArray());
    }

    [Fact]
    public void A_batch_drawn_in_one_launch_equals_the_images_drawn_one_by_one_and_sizes_that_are_not_whole_blocks_work()
    {
        var scenes = Enumerable.Range(8, 4).Select(TestScenes.Varied).ToArray();
        using var ilgpu = new IlgpuPlateRenderer(CpuAccelerator.Device);
        using var managed = TestScenes.Managed();
        // 83×37: neither a multiple of 8, so the block pass pads by repeating the edges.
        var batch = new byte[scenes.Length * 83 * 37 * 3];
        ilgpu.Render(scenes, 83, 37, batch);
        var reference = new byte[batch.Length];
        managed.Render(scenes, 83, 37, reference);
        Assert.Equal(reference, batch);
        for (int i = 0; i < scenes.Length; i++)
        {
            var one = new byte[83 * 37 * 3];
            ilgpu.Render(scenes.AsSpan(i, 1), 83, 37, one);
            Assert.Equal(batch.AsSpan(i * one.Length, one.Length).ToArray(), one);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ilgpu.Render(scenes, 83, 0, batch));
        Assert.Throws<ArgumentException>(() => ilgpu.Render(scenes, 83, 37, new byte[10]));
    }

    [Fact]
    public void The_same_scenes_give_the_same_bytes_run_after_run_on_each_backend()
    {
        var scenes = Enumerable.Range(3, 3).Select(TestScenes.Varied).ToArray();
        using var first = new IlgpuPlateRenderer(CpuAccelerator.Device);
        using var second = new IlgpuPlateRenderer(CpuAccelerator.Device);
        using var managed = TestScenes.Managed();

        Assert.Equal(TestScenes.Render(first, scenes), TestScenes.Render(second, scenes));
        Assert.Equal(TestScenes.Render(managed, scenes), TestScenes.Render(TestScenes.Managed(), scenes));
    }

    [Fact]
    public void Create_follows_the_selection()
    {
        using var managed = PlateRenderers.Create(ComputeSelector.Select("managed"));
        Assert.Equal("managed", managed.Backend);
        var cpu = CpuAccelerator.Selection;
        using var ilgpu = PlateRenderers.Create(cpu);
        Assert.Equal("ilgpu-cpu", ilgpu.Backend);
        Assert.Equal("ilgpu-cpu: ILGPU CPU accelerator, host memory", PlateRenderers.Describe(ilgpu, cpu));
    }
}
