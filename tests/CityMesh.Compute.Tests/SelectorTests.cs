using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

/// <summary>Written to pass on this CPU-only machine and on one with a GPU: expectations follow what discovery finds.</summary>
public sealed class SelectorTests
{
    private static readonly IReadOnlyList<ClDevice> Found = ClDiscovery.Devices();
    private static readonly ClDevice? Gpu = Found.FirstOrDefault(d => d.Type == ClDeviceType.Gpu);

    [Theory]
    [InlineData("auto", ComputeBackendKind.Auto)]
    [InlineData("opencl-gpu", ComputeBackendKind.OpenClGpu)]
    [InlineData("opencl-cpu", ComputeBackendKind.OpenClCpu)]
    [InlineData("managed", ComputeBackendKind.Managed)]
    [InlineData(" OpenCL-GPU ", ComputeBackendKind.OpenClGpu)]
    [InlineData("MANAGED", ComputeBackendKind.Managed)]
    [InlineData(null, ComputeBackendKind.Auto)]
    [InlineData("", ComputeBackendKind.Auto)]
    public void Parses_each_value_ignoring_case(string? value, ComputeBackendKind expected)
    {
        Assert.Equal(expected, ComputeSelector.Parse(value));
        Assert.Equal(expected, ComputeSelector.Parse(expected.ToVariableValue()));
    }

    [Fact]
    public void Bad_value_names_the_variable_and_the_accepted_values()
    {
        var error = Assert.Throws<ComputeSelectionException>(() => ComputeSelector.Parse("cuda"));

        Assert.Equal("CITYMESH_COMPUTE='cuda' names no compute backend; accepted values (any case): auto, opencl-gpu, opencl-cpu, managed",
            error.Message);
    }

    [Fact]
    public void Managed_describes_cores_and_vector_width()
    {
        var selection = ComputeSelector.Select("managed");

        Assert.Equal(ComputeBackendKind.Managed, selection.Kind);
        Assert.Null(selection.Device);
        Assert.False(selection.IsOpenCl);
        Assert.Equal(Environment.ProcessorCount, selection.Managed.ProcessorCount);
        Assert.Equal(System.Numerics.Vector<float>.Count, selection.Managed.VectorFloatWidth);
        Assert.StartsWith($"managed: {Environment.ProcessorCount} cores, Vector<float> width {System.Numerics.Vector<float>.Count}",
            selection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_takes_a_gpu_when_present_and_managed_otherwise_never_the_OpenCL_cpu()
    {
        var selection = ComputeSelector.Select("auto");

        Assert.Equal(ComputeBackendKind.Auto, selection.Requested);
        if (Gpu is null)
        {
            Assert.Equal(ComputeBackendKind.Managed, selection.Kind);
            Assert.Null(selection.Device);
            Assert.Contains("no OpenCL GPU", selection.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ComputeBackendKind.OpenClGpu, selection.Kind);
            Assert.Equal(Gpu, selection.Device);
        }
    }

    [Fact]
    public void OpenCL_gpu_without_a_gpu_lists_the_devices_found()
    {
        if (Gpu is not null)
        {
            var selection = ComputeSelector.Select(ComputeBackendKind.OpenClGpu);
            Assert.Equal($"OpenCL GPU: {Gpu.Name} (driver {Gpu.DriverVersion})", selection.Description);
            return;
        }

        var error = Assert.Throws<ComputeBackendUnavailableException>(() => ComputeSelector.Select("opencl-gpu"));

        Assert.Equal(ComputeBackendKind.OpenClGpu, error.Requested);
        Assert.Equal(Found, error.FoundDevices);
        var pocl = Assert.Single(Found, d => d.PlatformName.Contains("Portable Computing Language", StringComparison.Ordinal));
        Assert.Contains(pocl.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("CITYMESH_COMPUTE=opencl-gpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenCL_cpu_takes_PoCL()
    {
        var selection = ComputeSelector.Select("opencl-cpu");

        Assert.Equal(ComputeBackendKind.OpenClCpu, selection.Kind);
        Assert.NotNull(selection.Device);
        Assert.Equal(ClDeviceType.Cpu, selection.Device.Type);
        Assert.Equal($"OpenCL CPU: {selection.Device.Name} (driver {selection.Device.DriverVersion})", selection.Description);
    }

    [Fact]
    public void No_devices_at_all_says_so()
    {
        var error = Assert.Throws<ComputeBackendUnavailableException>(() => ComputeSelector.Select(ComputeBackendKind.OpenClCpu, []));

        Assert.Contains("no OpenCL device at all", error.Message, StringComparison.Ordinal);
        Assert.Equal(ComputeBackendKind.Managed, ComputeSelector.Select(ComputeBackendKind.Auto, []).Kind);
    }

    [Fact]
    public void Reads_the_variable()
    {
        // The only test that touches CITYMESH_COMPUTE; restored so nothing else in the process sees it.
        var before = Environment.GetEnvironmentVariable(ComputeSelector.Variable);
        try
        {
            Environment.SetEnvironmentVariable(ComputeSelector.Variable, "Managed");
            Assert.Equal(ComputeBackendKind.Managed, ComputeSelector.FromEnvironment().Kind);
            Environment.SetEnvironmentVariable(ComputeSelector.Variable, "gpu");
            Assert.Throws<ComputeSelectionException>(ComputeSelector.FromEnvironment);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ComputeSelector.Variable, before);
        }
    }
}
