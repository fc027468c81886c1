using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// A context's built programs, keyed by <see cref="ClCacheKey"/>: in memory for this context, and as binaries
/// on disk for the next process. Builds are serialised per context; compiling is the slow part either way.
/// </summary>
internal sealed class ClProgramCache(ClContext context, ClBinaryCache? disk) : IDisposable
{
    private readonly Dictionary<string, ClProgramHandle> _built = [];
    private readonly Lock _lock = new();
    private int _memoryHits, _diskHits, _misses, _diskRejects, _diskWriteFailures;

    public ClBinaryCache? Disk { get; } = disk;

    public ClBuildCacheStats Stats
    {
        get
        {
            lock (_lock)
                return new ClBuildCacheStats(_memoryHits, _diskHits, _misses, _diskRejects, _diskWriteFailures);
        }
    }

    /// <summary>A new reference to the built program, which the caller disposes; the cache keeps its own.</summary>
    public ClProgramHandle GetOrBuild(string source, string options)
    {
        var key = ClCacheKey.For(source, options, context.Device);
        lock (_lock)
        {
            if (_built.TryGetValue(key, out var cached))
            {
                _memoryHits++;
                return cached.Retain();
            }
            var program = FromDisk(key, options) ?? FromSource(key, source, options);
            _built.Add(key, program);
            return program.Retain();
        }
    }

    private ClProgramHandle? FromDisk(string key, string options)
    {
        if (Disk is null)
            return null;
        var binary = Disk.TryRead(key, out var corrupt);
        if (binary is null)
        {
            if (corrupt)
                _diskRejects++;
            return null;
        }
        try
        {
            var program = ClProgramBuilder.FromBinary(context, binary, options);
            _diskHits++;
            return program;
        }
        catch (ClException)
        {
            // A binary from another driver build, or one the driver cannot load: rebuild and overwrite it.
            _diskRejects++;
            return null;
        }
    }

    private ClProgramHandle FromSource(string key, string source, string options)
    {
        var program = ClProgramBuilder.FromSource(context, source, options);
        _misses++;
        if (Disk is not null)
        {
            var stored = false;
            try
            {
                var binary = ClProgramBuilder.Binary(program);
                stored = binary.Length > 0 && Disk.TryWrite(key, binary);
            }
            catch (ClException)
            {
                // Some drivers cannot hand a binary back; the program itself is fine.
            }
            if (!stored)
                _diskWriteFailures++;
        }
        return program;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var program in _built.Values)
                program.Dispose();
            _built.Clear();
        }
    }
}
