using System.Buffers.Binary;
using System.IO.Compression;
using CityMesh.Scenarios.Reporting;

namespace CityMesh.Scenarios.Tests.Flood;

/// <summary>The report's PNG writer: chunks a decoder accepts (CRCs as the PNG specification's), and the pixels back.</summary>
public sealed class PngEncoderTests
{
    [Fact]
    public void Chunks_carry_the_specifications_crc_and_the_pixels_come_back_through_zlib()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];
        var png = PngEncoder.Encode(3, 2, rgb);

        // IEND's CRC is a constant of the format: every PNG ends AE 42 60 82.
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);
        int at = 8, width = 0, height = 0;
        var idat = new MemoryStream();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), PngEncoder.Crc(png.AsSpan(at + 4, 4 + length)));
            if (type == "IHDR") (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12)));
            if (type == "IDAT") idat.Write(png, at + 8, length);
            at += 12 + length;
        }
        Assert.Equal((3, 2), (width, height));
        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(raw);
        var rows = raw.ToArray();
        // Each row: filter byte 0, then its RGB triples.
        Assert.Equal([0, .. rgb[..9], 0, .. rgb[9..]], rows);
    }
}
