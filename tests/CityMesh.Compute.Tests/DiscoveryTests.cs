using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

public sealed class DiscoveryTests
{
    [Fact]
    public void Finds_PoCLs_cpu_device_with_its_properties()
    {
        var pocl = Assert.Single(ClDiscovery.Platforms(), p => p.Name.Contains("Portable Computing Language", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(pocl.Vendor));
        Assert.StartsWith("OpenCL ", pocl.Version, StringComparison.Ordinal);

        var cpu = Assert.Single(pocl.Devices, d => d.Type == ClDeviceType.Cpu);
        Assert.False(string.IsNullOrEmpty(cpu.Name));
        Assert.False(string.IsNullOrEmpty(cpu.Vendor));
        Assert.False(string.IsNullOrEmpty(cpu.DriverVersion));
        Assert.StartsWith("OpenCL C ", cpu.OpenClCVersion, StringComparison.Ordinal);
        Assert.True(cpu.ComputeUnits > 0);
        Assert.True(cpu.GlobalMemoryBytes > 0);
        Assert.True(cpu.LocalMemoryBytes > 0);
        Assert.True(cpu.MaxAllocationBytes > 0);
        Assert.True(cpu.MaxWorkGroupSize > 0);
        Assert.Equal(pocl.Name, cpu.PlatformName);
    }

    [Fact]
    public void Devices_lists_every_platforms_devices()
    {
        var fromPlatforms = ClDiscovery.Platforms().SelectMany(p => p.Devices).Select(d => d.Name);

        Assert.Equal(fromPlatforms, ClDiscovery.Devices().Select(d => d.Name));
    }
}
