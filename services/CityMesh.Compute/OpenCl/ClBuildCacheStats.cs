namespace CityMesh.Compute.OpenCl;

/// <summary>What a context's program cache did so far.</summary>
/// <param name="MemoryHits">Builds answered by a program already built in this context.</param>
/// <param name="DiskHits">Builds answered by a cached binary on disk.</param>
/// <param name="Misses">Builds compiled from source.</param>
/// <param name="DiskRejects">Cached binaries found corrupt, or refused by the driver as stale, and rebuilt.</param>
/// <param name="DiskWriteFailures">Binaries that could not be written (the build itself still succeeded).</param>
public sealed record ClBuildCacheStats(int MemoryHits, int DiskHits, int Misses, int DiskRejects, int DiskWriteFailures);
