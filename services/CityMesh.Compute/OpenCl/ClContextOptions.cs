namespace CityMesh.Compute.OpenCl;

/// <summary>How a <see cref="ClContext"/> caches built programs.</summary>
/// <param name="CacheDirectory">Where program binaries are kept; null means <see cref="ClCacheDirectory.Resolve()"/>.</param>
/// <param name="DiskCache">False keeps the cache in memory only.</param>
public sealed record ClContextOptions(string? CacheDirectory = null, bool DiskCache = true);
