using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// An OpenCL context on one device with its in-order command queue and program cache. Everything created
/// from it (programs, kernels, buffers) holds its own reference, so disposal order does not matter.
/// </summary>
public sealed unsafe class ClContext : IDisposable
{
    private readonly ClProgramCache _programs;

    public ClContext(ClDevice device, ClContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        options ??= new ClContextOptions();
        Device = device;

        var properties = stackalloc nint[] { ClConstants.ContextPlatform, device.PlatformId, 0 };
        var id = device.Id;
        Handle = ClNative.clCreateContext(properties, 1, &id, 0, 0, out var error);
        ClException.CheckCreated(Handle, error, nameof(ClNative.clCreateContext));

        // Properties 0: in order, no profiling; kernels and transfers run in the order they were enqueued.
        Queue = ClNative.clCreateCommandQueue(Handle, device.Id, 0, out error);
        if (error != 0 || Queue.IsInvalid)
            Handle.Dispose();
        ClException.CheckCreated(Queue, error, nameof(ClNative.clCreateCommandQueue));

        var disk = options.DiskCache ? new ClBinaryCache(options.CacheDirectory ?? ClCacheDirectory.Resolve()) : null;
        _programs = new ClProgramCache(this, disk);
    }

    public ClDevice Device { get; }

    /// <summary>Where program binaries are cached on disk; null when the disk cache is off.</summary>
    public string? CacheDirectory => _programs.Disk?.Directory;

    /// <summary>Hits and misses of the program cache so far.</summary>
    public ClBuildCacheStats BuildCache => _programs.Stats;

    internal ClContextHandle Handle { get; }
    internal ClCommandQueueHandle Queue { get; }

    /// <summary>
    /// Builds OpenCL C source (with <see cref="ClBuildOptions.Standard"/> unless the options name one), from the
    /// cache when possible. Throws <see cref="ClBuildProgramFailureException"/> with the build log on a compile error.
    /// </summary>
    public ClProgram BuildProgram(string source, string? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        var normalized = ClBuildOptions.Normalize(options);
        return new ClProgram(this, _programs.GetOrBuild(source, normalized), normalized);
    }

    /// <summary>A device buffer of <paramref name="length"/> elements, uninitialised.</summary>
    public ClBuffer<T> CreateBuffer<T>(long length, ClMemoryAccess access = ClMemoryAccess.ReadWrite) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        return new ClBuffer<T>(this, length, access);
    }

    /// <summary>Blocks until every enqueued kernel and transfer has completed.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        ClException.Check(ClNative.clFinish(Queue), nameof(ClNative.clFinish));
    }

    public void Dispose()
    {
        _programs.Dispose();
        Queue.Dispose();
        Handle.Dispose();
    }
}
