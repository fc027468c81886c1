using System.Security.Cryptography;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// Program binaries on disk, one file per cache key: a magic, the SHA-256 of the payload, the payload.
/// The checksum keeps a torn or corrupted file from ever reaching the driver; writes go to a temporary
/// file renamed into place, so concurrent processes see either the old file or the whole new one.
/// </summary>
internal sealed class ClBinaryCache(string directory)
{
    private static readonly byte[] Magic = "CMCLBIN1"u8.ToArray();
    private const int HeaderLength = 8 + 32;

    public string Directory { get; } = directory;

    public string PathFor(string key) => Path.Combine(Directory, key + ".clbin");

    /// <summary>The payload, or null when there is no entry or it is corrupt.</summary>
    public byte[]? TryRead(string key, out bool corrupt)
    {
        corrupt = false;
        byte[] file;
        try
        {
            file = File.ReadAllBytes(PathFor(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            corrupt = true;
            return null;
        }
        if (file.Length <= HeaderLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            corrupt = true;
            return null;
        }
        var payload = file.AsSpan(HeaderLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(file.AsSpan(Magic.Length, 32)))
        {
            corrupt = true;
            return null;
        }
        return payload.ToArray();
    }

    /// <summary>Writes atomically; false when the directory is not writable (the cache is an optimisation, never a failure).</summary>
    public bool TryWrite(string key, ReadOnlySpan<byte> payload)
    {
        var path = PathFor(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Magic);
                stream.Write(SHA256.HashData(payload));
                stream.Write(payload);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
            return false;
        }
    }
}
