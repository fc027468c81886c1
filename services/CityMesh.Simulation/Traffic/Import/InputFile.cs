using System.IO.Compression;
using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Opens a traffic input file for reading within <see cref="InputLimits.InputFileBytes"/>: a file over the limit is
/// refused before a byte is parsed, and a stream that grows past it while read (a pipe, a device, a file being
/// written) is cut off with the same error, so no reader buffers more than the limit. A gzip file (SUMO's
/// <c>.net.xml.gz</c>, known by its first two bytes) is read decompressed, the limit counting the decompressed bytes,
/// so a small archive that inflates to gigabytes is cut off too.
/// </summary>
internal static class InputFile
{
    public static Stream Open(string path, InputLimits limits)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TrafficImportException(path, $"cannot open: {e.Message}", e);
        }
        if (stream.CanSeek && stream.Length > limits.InputFileBytes)
        {
            var length = stream.Length;
            stream.Dispose();
            throw TooLarge(path, $"is {length:N0} bytes", limits);
        }
        return new BoundedStream(IsGzip(stream) ? new GZipStream(stream, CompressionMode.Decompress) : stream, path, limits);
    }

    /// <summary>Whether the file starts with gzip's magic bytes (1f 8b); the stream is left at its start.</summary>
    private static bool IsGzip(FileStream stream)
    {
        if (!stream.CanSeek || stream.Length < 2) return false;
        Span<byte> magic = stackalloc byte[2];
        stream.ReadExactly(magic);
        stream.Position = 0;
        return magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static TrafficImportException TooLarge(string path, string size, InputLimits limits) =>
        new(path, $"{size}, more than the {limits.InputFileBytes:N0} bytes an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");

    /// <summary>Reads through to the file and fails once more than the limit has come.</summary>
    private sealed class BoundedStream(Stream inner, string path, InputLimits limits) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Count(inner.Read(buffer));
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(e);
            }
        }

        /// <summary>A gzip file whose data does not inflate (cut short, or not gzip after its first two bytes).</summary>
        private TrafficImportException Corrupt(InvalidDataException e) => new(path, $"is not a readable gzip file: {e.Message}", e);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read <= limits.InputFileBytes ? read : throw TooLarge(path, $"has more than {limits.InputFileBytes:N0} bytes", limits);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
