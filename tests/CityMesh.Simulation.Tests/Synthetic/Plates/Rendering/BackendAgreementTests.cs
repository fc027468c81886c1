using CityMesh.Compute;
using CityMesh.Compute.OpenCl;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Tests.EngineOpenCl;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>
/// The OpenCL kernels on PoCL (and on any other device found, such as a GPU) against the managed oracle, on scenes
/// that switch on every condition and effect. Both backends round every operation alike (no contraction, correctly
/// rounded ÷ and √, no transcendental functions on the device), so on PoCL the bytes are expected to be identical.
/// The tolerance still allowed (≤ 2 levels for 99.9 % of samples, ≤ 8 for all) is for devices that round differently:
/// a 1-ulp change can move a sample across a rounding boundary (1 level), or move a DCT coefficient across a
/// quantisation boundary at low quality, which shifts its block by up to a few levels.
/// </summary>
public sealed class BackendAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string> Devices()
    {
        var data = new TheoryData<string>();
        foreach (var d in Pocl.DevicesToCheck) data.Add(d.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void OpenCl_agrees_with_managed_on_every_effect(string deviceName)
    {
        var device = Pocl.DevicesToCheck.First(d => d.Name == deviceName);
        var scenes = Enumerable.Range(0, 20).Select(TestScenes.Varied).ToArray();
        using var managed = TestScenes.Managed();
        using var openCl = new OpenClPlateRenderer(device);
        Assert.Equal(device.Type == ClDeviceType.Gpu ? "opencl-gpu" : "opencl-cpu", openCl.Backend);
        var expected = TestScenes.Render(managed, scenes);
        var actual = TestScenes.Render(openCl, scenes);
        // Twice: the second batch reuses the device buffers.
        Assert.Equal(actual, TestScenes.Render(openCl, scenes));

        int off1 = 0, off2 = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d > 0) off1++;
            if (d > 2) off2++;
            worst = Math.Max(worst, d);
        }
        output.WriteLine($"{device.Name}: {expected.Length} samples, {off1} differ, {off2} by more than 2, worst {worst}");
        Assert.True(off2 <= expected.Length / 1000, $"{off2} of {expected.Length} samples differ by more than 2 levels");
        Assert.True(worst <= 8, $"a sample differs by {worst} levels");
        // The scenes must really differ from each other, or agreement proves little.
        Assert.NotEqual(expected.AsSpan(0, 92160).ToArray(), expected.AsSpan(92160, 92160).ToArray());
    }

    [Fact]
    public void A_batch_drawn_in_one_call_equals_the_images_drawn_one_by_one_and_sizes_that_are_not_whole_blocks_work()
    {
        var scenes = Enumerable.Range(8, 6).Select(TestScenes.Varied).ToArray();
        using var openCl = new OpenClPlateRenderer(Pocl.Device);
        using var managed = TestScenes.Managed();
        // 83×37: neither a multiple of 8, so the block pass pads by repeating the edges.
        var batch = new byte[scenes.Length * 83 * 37 * 3];
        openCl.Render(scenes, 83, 37, batch);
        var reference = new byte[batch.Length];
        managed.Render(scenes, 83, 37, reference);
        int worst = batch.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 8, $"worst difference {worst}");
        for (int i = 0; i < scenes.Length; i++)
        {
            var one = new byte[83 * 37 * 3];
            openCl.Render(scenes.AsSpan(i, 1), 83, 37, one);
            Assert.Equal(batch.AsSpan(i * one.Length, one.Length).ToArray(), one);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => openCl.Render(scenes, 83, 0, batch));
        Assert.Throws<ArgumentException>(() => openCl.Render(scenes, 83, 37, new byte[10]));
    }

    [Fact]
    public void Create_follows_the_selection()
    {
        using var managed = PlateRenderers.Create(ComputeSelector.Select("managed"));
        Assert.Equal("managed", managed.Backend);
        var cpu = ComputeSelector.Select("opencl-cpu");
        using var openCl = PlateRenderers.Create(cpu);
        Assert.Equal("opencl-cpu", openCl.Backend);
        Assert.StartsWith("OpenCL CPU: ", PlateRenderers.Describe(openCl, cpu));
    }
}
