using System.Diagnostics;
using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

/// <summary>A process's first OpenCL queries made from many threads at once (test classes choosing a backend do).</summary>
public sealed class ConcurrentDiscoveryTests
{
    [Fact]
    public async Task First_discoveries_from_many_threads_at_once_find_the_same_devices_without_crashing()
    {
        int expected = ClDiscovery.Devices().Count;
        Assert.True(expected > 0, "no OpenCL device: install ocl-icd-libopencl1 and pocl-opencl-icd");
        // Before discovery was serialised, about six in ten such processes died of SIGSEGV; eight runs find that.
        for (int run = 0; run < 8; run++)
        {
            var start = new ProcessStartInfo("dotnet", ["exec", typeof(DiscoveryProbe).Assembly.Location, DiscoveryProbe.Argument])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var probe = Process.Start(start)!;
            var output = probe.StandardOutput.ReadToEndAsync();
            var error = probe.StandardError.ReadToEndAsync();
            await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(probe.ExitCode == 0, $"run {run}: exit code {probe.ExitCode}\n{await output}{await error}");
            Assert.Equal(Enumerable.Repeat(expected, 16), (await output).Trim().Split(' ').Select(int.Parse));
        }
    }
}
