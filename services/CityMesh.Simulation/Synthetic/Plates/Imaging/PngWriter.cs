using System.Buffers.Binary;
using System.IO.Compression;

namespace CityMesh.Simulation.Synthetic.Plates.Imaging;

/// <summary>
/// Encodes 8-bit RGB as PNG (colour type 2). Each row is filtered Sub or Up, whichever leaves the smaller sum of
/// absolute byte values (the usual cheap heuristic for deflate), and deflated at the fastest level: plate crops are
/// small and a dataset run is bound by encoding many of them.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(RgbImage image) => Encode(image.Pixels, image.Width, image.Height);

    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}×{height} must be positive");
        int stride = width * 3;
        if (rgb.Length < stride * height) throw new ArgumentException($"{rgb.Length} bytes are too few for {width}×{height} RGB", nameof(rgb));

        using var output = new MemoryStream(stride * height / 2 + 128);
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        header[10] = 0; header[11] = 0; header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream(stride * height / 2 + 64);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var sub = new byte[stride + 1];
            var up = new byte[stride + 1];
            sub[0] = 1;
            up[0] = 2;
            for (int y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                var above = y > 0 ? rgb.Slice((y - 1) * stride, stride) : default;
                long subCost = 0, upCost = 0;
                for (int i = 0; i < stride; i++)
                {
                    byte s = (byte)(row[i] - (i >= 3 ? row[i - 3] : 0));
                    byte u = (byte)(row[i] - (y > 0 ? above[i] : 0));
                    sub[i + 1] = s;
                    up[i + 1] = u;
                    subCost += (sbyte)s < 0 ? -(sbyte)s : s;
                    upCost += (sbyte)u < 0 ? -(sbyte)u : u;
                }
                zlib.Write(subCost <= upCost ? sub : up);
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(data, PngCrc.Compute(type)));
        output.Write(word);
    }
}
