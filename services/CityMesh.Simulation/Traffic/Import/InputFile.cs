using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Opens a traffic input file for reading within <see cref="InputLimits.InputFileBytes"/>: a file over the limit is
/// refused before a byte is parsed, and a stream that grows past it while read (a pipe, a device, a file being
/// written) is cut off with the same error, so no reader buffers more than the limit.
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
        return new BoundedStream(stream, path, limits);
    }

    private static TrafficImportException TooLarge(string path, string size, InputLimits limits) =>
        new(path, $"{size}, more than the {limits.InputFileBytes:N0} bytes an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");

    /// <summary>Reads through to the file and fails once more than the limit has come.</summary>
    private sealed class BoundedStream(Stream inner, string path, InputLimits limits) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

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
