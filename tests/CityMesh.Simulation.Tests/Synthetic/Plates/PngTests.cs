using System.IO.Compression;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Imaging;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PngTests
{
    private static RgbImage Pattern(int width, int height, ulong seed)
    {
        var image = RgbImage.Blank(width, height);
        var random = new PlateRandom(seed);
        for (int i = 0; i < image.Pixels.Length; i++)
            // Smooth gradients (Up and Sub win on different rows) with noise on top.
            image.Pixels[i] = (byte)((i / 3 % width) * 2 + (i / 3 / width) * 3 + (i % 3) * 40 + random.Next(8));
        return image;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(320, 96)]
    [InlineData(17, 3)]
    [InlineData(1000, 4)] // rows long enough for the filter's vector sums to be flushed mid-row
    public void Images_round_trip_exactly(int width, int height)
    {
        var image = Pattern(width, height, 3);
        var back = PngReader.Decode(PngWriter.Encode(image));
        Assert.Equal((width, height), (back.Width, back.Height));
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void The_file_is_a_png_with_chunks_in_order_and_filtered_rows()
    {
        var png = PngWriter.Encode(Pattern(40, 10, 1));
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
        // Inflate IDAT by hand: every row starts with filter Sub (1) or Up (2).
        int length = (png[33] << 24) | (png[34] << 16) | (png[35] << 8) | png[36];
        Assert.Equal("IDAT"u8.ToArray(), png[37..41]);
        using var zlib = new ZLibStream(new MemoryStream(png, 41, length), CompressionMode.Decompress);
        var raw = new byte[10 * (40 * 3 + 1)];
        zlib.ReadExactly(raw);
        for (int y = 0; y < 10; y++) Assert.Contains(raw[y * 121], new byte[] { 1, 2 });
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(11, 6)]
    [InlineData(320, 8)]
    [InlineData(1000, 3)]
    public void Each_row_takes_the_filter_with_the_smaller_sum_of_absolute_values(int width, int height)
    {
        var image = Pattern(width, height, 7);
        // Some rows of extremes, where |−128| and wrap-around matter.
        for (int x = 0; x < width * 3; x++) image.Pixels[x] = (byte)(x % 2 == 0 ? 0 : 255);
        var raw = InflatedRows(PngWriter.Encode(image), width, height);
        int stride = width * 3;
        for (int y = 0; y < height; y++)
        {
            long sub = 0, up = 0;
            for (int i = 0; i < stride; i++)
            {
                int value = image.Pixels[y * stride + i];
                sub += Magnitude(value - (i >= 3 ? image.Pixels[y * stride + i - 3] : 0));
                up += Magnitude(value - (y > 0 ? image.Pixels[(y - 1) * stride + i] : 0));
            }
            Assert.Equal(sub <= up ? 1 : 2, raw[y * (stride + 1)]);
        }

        static int Magnitude(int difference)
        {
            int b = difference & 0xFF;
            return b < 128 ? b : 256 - b;
        }
    }

    [Fact]
    public void The_chunk_crc_is_crc32_for_every_length()
    {
        Assert.Equal(0xCBF43926u, PngCrc.Compute("123456789"u8)); // the standard check value
        var data = new byte[100];
        new Random(5).NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
            Assert.Equal(BitByBit(data.AsSpan(0, length)), PngCrc.Compute(data.AsSpan(0, length)));

        static uint BitByBit(ReadOnlySpan<byte> bytes)
        {
            uint crc = ~0u;
            foreach (byte b in bytes)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
            return ~crc;
        }
    }

    private static byte[] InflatedRows(byte[] png, int width, int height)
    {
        int length = (png[33] << 24) | (png[34] << 16) | (png[35] << 8) | png[36];
        using var zlib = new ZLibStream(new MemoryStream(png, 41, length), CompressionMode.Decompress);
        var raw = new byte[height * (width * 3 + 1)];
        zlib.ReadExactly(raw);
        return raw;
    }

    [Fact]
    public void A_corrupted_chunk_fails_its_crc()
    {
        var png = PngWriter.Encode(Pattern(8, 8, 2));
        png[45] ^= 0x55;
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => PngReader.Decode(png)).Message);
    }

    [Fact]
    public void A_contact_sheet_tiles_images_in_rows()
    {
        var a = Pattern(10, 4, 1);
        var b = Pattern(10, 4, 2);
        var c = Pattern(10, 4, 3);
        var sheet = PlateContactSheet.Tile([a, b, c], 2);
        Assert.Equal((2 + 2 * 12, 2 + 2 * 6), (sheet.Width, sheet.Height));
        // c sits in the second row's first cell.
        for (int y = 0; y < 4; y++)
            Assert.Equal(c.Pixels.AsSpan(y * 30, 30).ToArray(), sheet.Pixels.AsSpan(((8 + y) * sheet.Width + 2) * 3, 30).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"sheet-{Guid.NewGuid():N}.png");
        try
        {
            PlateContactSheet.Write([a, b, c], 3, path);
            Assert.Equal(2 + 3 * 12, PngReader.Read(path).Width);
        }
        finally { File.Delete(path); }
    }
}
