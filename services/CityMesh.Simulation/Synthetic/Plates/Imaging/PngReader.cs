using System.Buffers.Binary;
using System.IO.Compression;

namespace CityMesh.Simulation.Synthetic.Plates.Imaging;

/// <summary>
/// Decodes the PNGs this project writes and any other 8-bit RGB, non-interlaced PNG (all five filter types), checking
/// every chunk's CRC. Enough to read a dataset back (tests, contact sheets); not a general decoder.
/// </summary>
public static class PngReader
{
    public static RgbImage Read(string path) => Decode(File.ReadAllBytes(path));

    public static RgbImage Decode(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (png.Length < 8 || !png[..8].SequenceEqual(signature)) throw new InvalidDataException("not a PNG: the signature is missing");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        int at = 8;
        bool ended = false;
        while (!ended)
        {
            if (at + 12 > png.Length) throw new InvalidDataException("the PNG ends inside a chunk header");
            int length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12 + length > png.Length) throw new InvalidDataException($"chunk at byte {at} runs past the end");
            var type = png.Slice(at + 4, 4);
            var data = png.Slice(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8 + length)..]);
            if (crc != PngCrc.Compute(data, PngCrc.Compute(type)))
                throw new InvalidDataException($"chunk {System.Text.Encoding.ASCII.GetString(type)} at byte {at} fails its CRC");
            if (type.SequenceEqual("IHDR"u8))
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 2 || data[12] != 0)
                    throw new InvalidDataException($"only 8-bit RGB non-interlaced PNGs are read (bit depth {data[8]}, colour type {data[9]}, interlace {data[12]})");
            }
            else if (type.SequenceEqual("IDAT"u8)) idat.Write(data);
            else if (type.SequenceEqual("IEND"u8)) ended = true;
            at += 12 + length;
        }
        if (width < 1 || height < 1) throw new InvalidDataException("the PNG has no IHDR");
        int stride = width * 3;
        var filtered = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
            zlib.ReadExactly(filtered);
        var image = RgbImage.Blank(width, height);
        var pixels = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            var src = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 3 ? row[i - 3] : 0, b = above[i], c = i >= 3 ? above[i - 3] : 0;
                row[i] = (byte)(src[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"row {y} has unknown filter type {filter}"),
                });
            }
        }
        return image;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
