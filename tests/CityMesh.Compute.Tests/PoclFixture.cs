using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

/// <summary>
/// PoCL's CPU device with one context and the one program most tests share: PoCL compiles take seconds, so
/// the suite builds as few distinct programs as it can. The disk cache goes to a temporary directory.
/// </summary>
public sealed class PoclFixture : IDisposable
{
    public PoclFixture()
    {
        Device = ClDiscovery.Devices().FirstOrDefault(d => d.Type == ClDeviceType.Cpu)
            ?? throw new InvalidOperationException(
                "These tests run OpenCL kernels on PoCL's CPU device; install ocl-icd-libopencl1 and pocl-opencl-icd");
        CacheDirectory = TemporaryDirectory.Create();
        Context = new ClContext(Device, new ClContextOptions(CacheDirectory));
        Program = Context.BuildProgram(Kernels.Source);
    }

    public ClDevice Device { get; }
    public string CacheDirectory { get; }
    public ClContext Context { get; }
    public ClProgram Program { get; }

    public void Dispose()
    {
        Program.Dispose();
        Context.Dispose();
        TemporaryDirectory.Delete(CacheDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PoclCollection : ICollectionFixture<PoclFixture>
{
    public const string Name = "PoCL";
}
