using CityMesh.Compute.Ilgpu;

namespace CityMesh.Compute.Tests;

/// <summary>
/// The choice over device lists written out here (so every rule is checked on any machine), and over what ILGPU
/// finds on this one (no GPU in CI; the same tests pass on a GPU node, following what discovery finds).
/// </summary>
public sealed class SelectorTests
{
    private static readonly ComputeDevice H100 = new(ComputeBackendKind.Cuda, "NVIDIA H100 80GB HBM3", 85_520_809_984, "sm_90", IsGpu: true, 0);
    private static readonly ComputeDevice OpenClGpu = new(ComputeBackendKind.OpenCl, "Radeon PRO W7900", 48L << 30, "OpenCL 2.1", IsGpu: true, 0);
    private static readonly ComputeDevice OpenClCpu = new(ComputeBackendKind.OpenCl, "Intel(R) Xeon(R) CPU", 64L << 30, "OpenCL 3.0", IsGpu: false, 1);
    private static readonly ComputeDevice CpuAccelerator = new(ComputeBackendKind.IlgpuCpu, "ILGPU CPU accelerator", null, null, IsGpu: false, 0);

    [Theory]
    [InlineData("auto", ComputeBackendKind.Auto)]
    [InlineData("cuda", ComputeBackendKind.Cuda)]
    [InlineData("opencl", ComputeBackendKind.OpenCl)]
    [InlineData("managed", ComputeBackendKind.Managed)]
    [InlineData("ilgpu-cpu", ComputeBackendKind.IlgpuCpu)]
    [InlineData(" CUDA ", ComputeBackendKind.Cuda)]
    [InlineData("ILGPU-CPU", ComputeBackendKind.IlgpuCpu)]
    [InlineData(null, ComputeBackendKind.Auto)]
    [InlineData("", ComputeBackendKind.Auto)]
    public void Parses_each_value_ignoring_case(string? value, ComputeBackendKind expected)
    {
        Assert.Equal(expected, ComputeSelector.Parse(value));
        Assert.Equal(expected, ComputeSelector.Parse(expected.ToVariableValue()));
    }

    [Fact]
    public void A_bad_value_names_the_variable_and_the_accepted_values()
    {
        var error = Assert.Throws<ComputeSelectionException>(() => ComputeSelector.Parse("opencl-gpu"));

        Assert.Equal("CITYMESH_COMPUTE='opencl-gpu' names no compute backend; accepted values (any case): auto, cuda, opencl, managed, ilgpu-cpu",
            error.Message);
    }

    [Fact]
    public void Auto_takes_CUDA_first_then_an_OpenCL_GPU_and_never_a_CPU_device()
    {
        var withCuda = ComputeSelector.Select(ComputeBackendKind.Auto, [CpuAccelerator, OpenClGpu, H100]);
        var withOpenCl = ComputeSelector.Select(ComputeBackendKind.Auto, [CpuAccelerator, OpenClCpu, OpenClGpu]);
        var cpusOnly = ComputeSelector.Select(ComputeBackendKind.Auto, [OpenClCpu, CpuAccelerator]);

        Assert.Equal((ComputeBackendKind.Cuda, H100), (withCuda.Kind, withCuda.Device));
        Assert.Equal("cuda: NVIDIA H100 80GB HBM3, 79.6 GiB, sm_90", withCuda.Description);
        Assert.Equal((ComputeBackendKind.OpenCl, OpenClGpu), (withOpenCl.Kind, withOpenCl.Device));
        Assert.Equal(ComputeBackendKind.Managed, cpusOnly.Kind);
        Assert.Null(cpusOnly.Device);
        Assert.False(cpusOnly.IsIlgpu);
        Assert.Equal("auto: no CUDA or OpenCL GPU that ILGPU can drive", cpusOnly.Reason);
    }

    [Fact]
    public void An_explicit_kind_takes_its_first_device_of_any_type()
    {
        var openCl = ComputeSelector.Select(ComputeBackendKind.OpenCl, [OpenClCpu, OpenClGpu]);
        var cpu = ComputeSelector.Select(ComputeBackendKind.IlgpuCpu, [H100, CpuAccelerator]);

        Assert.Equal(OpenClCpu, openCl.Device);
        Assert.Equal("CITYMESH_COMPUTE=opencl", openCl.Reason);
        Assert.Equal(CpuAccelerator, cpu.Device);
        Assert.True(cpu.IsIlgpu);
        Assert.Equal("ilgpu-cpu: ILGPU CPU accelerator, host memory", cpu.Description);
    }

    [Fact]
    public void An_absent_backend_is_a_named_error_listing_what_was_found()
    {
        var error = Assert.Throws<ComputeBackendUnavailableException>(() => ComputeSelector.Select(ComputeBackendKind.Cuda, [OpenClCpu, CpuAccelerator]));

        Assert.Equal(ComputeBackendKind.Cuda, error.Requested);
        Assert.Equal([OpenClCpu, CpuAccelerator], error.FoundDevices);
        Assert.StartsWith("CITYMESH_COMPUTE=cuda asks for a CUDA GPU (NVIDIA driver: libcuda.so.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("only opencl: Intel(R) Xeon(R) CPU, 64.0 GiB, OpenCL 3.0; ilgpu-cpu: ILGPU CPU accelerator, host memory", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Use CITYMESH_COMPUTE=auto to fall back to managed code.", error.Message, StringComparison.Ordinal);
        var openCl = Assert.Throws<ComputeBackendUnavailableException>(() => ComputeSelector.Select(ComputeBackendKind.OpenCl, [CpuAccelerator]));
        Assert.Contains("generic address space", openCl.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_describes_cores_and_vector_width_and_asks_ILGPU_nothing()
    {
        var selection = ComputeSelector.Select("managed");

        Assert.Equal(ComputeBackendKind.Managed, selection.Kind);
        Assert.Null(selection.Device);
        Assert.Equal(Environment.ProcessorCount, selection.Managed.ProcessorCount);
        Assert.Equal(System.Numerics.Vector<float>.Count, selection.Managed.VectorFloatWidth);
        Assert.StartsWith($"managed: {Environment.ProcessorCount} cores, Vector<float> width {System.Numerics.Vector<float>.Count}",
            selection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void This_machine_always_offers_the_CPU_accelerator_and_auto_follows_its_GPUs()
    {
        var found = IlgpuRuntime.Devices();
        var gpu = found.FirstOrDefault(d => d.IsGpu && d.Kind is ComputeBackendKind.Cuda or ComputeBackendKind.OpenCl);

        Assert.Equal(ComputeBackendKind.IlgpuCpu, found[^1].Kind);
        Assert.Equal(found[^1], ComputeSelector.Select("ilgpu-cpu").Device);
        var auto = ComputeSelector.Select("auto");
        Assert.Equal(gpu, auto.Device);
        Assert.Equal(gpu?.Kind ?? ComputeBackendKind.Managed, auto.Kind);
        if (!found.Any(d => d.Kind == ComputeBackendKind.Cuda))
            Assert.Throws<ComputeBackendUnavailableException>(() => ComputeSelector.Select("cuda"));
    }
}
