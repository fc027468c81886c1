using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute.Tests;

/// <summary>Each test has its own cache directory, and uses the shared kernel source so PoCL compiles nothing new.</summary>
[Collection(PoclCollection.Name)]
public sealed class BuildCacheTests(PoclFixture pocl) : IDisposable
{
    private readonly string _directory = TemporaryDirectory.Create();

    public void Dispose() => TemporaryDirectory.Delete(_directory);

    [Fact]
    public void Second_build_in_a_context_hits_memory_and_a_fresh_context_hits_disk()
    {
        using (var first = NewContext())
        {
            using (first.BuildProgram(Kernels.Source))
                Assert.Equal(new ClBuildCacheStats(0, 0, 1, 0, 0), first.BuildCache);
            Assert.Single(CacheFiles());
            using (first.BuildProgram(Kernels.Source))
                Assert.Equal(new ClBuildCacheStats(1, 0, 1, 0, 0), first.BuildCache);
        }

        using var second = NewContext();
        using var program = second.BuildProgram(Kernels.Source);

        Assert.Equal(new ClBuildCacheStats(0, 1, 0, 0, 0), second.BuildCache);
        AssertRuns(second, program);
    }

    [Fact]
    public void Key_depends_on_source_options_device_and_driver()
    {
        var options = ClBuildOptions.Normalize(null);
        var key = ClCacheKey.For(Kernels.Source, options, pocl.Device);

        Assert.Equal(key, ClCacheKey.For(Kernels.Source, options, pocl.Device));
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.NotEqual(key, ClCacheKey.For(Kernels.Source + " ", options, pocl.Device));
        Assert.NotEqual(key, ClCacheKey.For(Kernels.Source, options + " -DX", pocl.Device));
        Assert.NotEqual(key, ClCacheKey.For(Kernels.Source, options, pocl.Device with { Name = "other" }));
        Assert.NotEqual(key, ClCacheKey.For(Kernels.Source, options, pocl.Device with { DriverVersion = "other" }));
    }

    [Fact]
    public void Binary_the_driver_refuses_is_rebuilt_from_source()
    {
        // Intact file, checksum right, payload no driver can load: what a stale binary looks like to the cache.
        var key = ClCacheKey.For(Kernels.Source, ClBuildOptions.Normalize(null), pocl.Device);
        Assert.True(new ClBinaryCache(_directory).TryWrite(key, "not a program binary"u8));

        using var context = NewContext();
        using (var program = context.BuildProgram(Kernels.Source))
        {
            Assert.Equal(new ClBuildCacheStats(0, 0, 1, 1, 0), context.BuildCache);
            AssertRuns(context, program);
        }
    }

    [Fact]
    public void Corrupted_cache_file_is_rebuilt_from_source_and_rewritten()
    {
        using (var writer = NewContext())
        using (writer.BuildProgram(Kernels.Source))
        {
        }
        var file = Assert.Single(CacheFiles());
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        using (var rebuilder = NewContext())
        using (var program = rebuilder.BuildProgram(Kernels.Source))
        {
            Assert.Equal(new ClBuildCacheStats(0, 0, 1, 1, 0), rebuilder.BuildCache);
            AssertRuns(rebuilder, program);
        }

        using var reader = NewContext();
        using (reader.BuildProgram(Kernels.Source))
            Assert.Equal(1, reader.BuildCache.DiskHits);
    }

    [Fact]
    public void Truncated_cache_file_is_rebuilt_from_source()
    {
        using (var writer = NewContext())
        using (writer.BuildProgram(Kernels.Source))
        {
        }
        var file = Assert.Single(CacheFiles());
        File.WriteAllBytes(file, File.ReadAllBytes(file).AsSpan(0, 20).ToArray());

        using var rebuilder = NewContext();
        using (rebuilder.BuildProgram(Kernels.Source))
            Assert.Equal(new ClBuildCacheStats(0, 0, 1, 1, 0), rebuilder.BuildCache);
    }

    [Fact]
    public void No_temporary_files_are_left_behind()
    {
        using (var writer = NewContext())
        using (writer.BuildProgram(Kernels.Source))
        {
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    private ClContext NewContext() => new(pocl.Device, new ClContextOptions(_directory));

    private string[] CacheFiles() => Directory.GetFiles(_directory, "*.clbin");

    private static void AssertRuns(ClContext context, ClProgram program)
    {
        using var kernel = program.CreateKernel("vector_add");
        using var a = context.CreateBuffer<float>(8);
        using var sum = context.CreateBuffer<float>(8);
        a.Write([1, 2, 3, 4, 5, 6, 7, 8]);
        kernel.SetArg(0, a);
        kernel.SetArg(1, a);
        kernel.SetArg(2, sum);
        kernel.SetArg(3, 8);
        kernel.Launch(8);

        Assert.Equal([2f, 4, 6, 8, 10, 12, 14, 16], sum.ToArray());
    }
}
