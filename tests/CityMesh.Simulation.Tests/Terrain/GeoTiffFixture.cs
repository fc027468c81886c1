using BitMiracle.LibTiff.Classic;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

/// <summary>What a test GeoTIFF holds: samples north row first, their type, layout and the GeoTIFF tags to set.</summary>
internal sealed record GeoTiffSpec(int Width, int Height, double[] Values)
{
    public int Bits { get; init; } = 32;
    public SampleFormat Format { get; init; } = SampleFormat.IEEEFP;
    public int SamplesPerPixel { get; init; } = 1;
    /// <summary>Tile side (a multiple of 16, as TIFF requires); null for strips of <see cref="RowsPerStrip"/>.</summary>
    public int? Tile { get; init; }
    public int RowsPerStrip { get; init; } = 2;
    public Compression Compression { get; init; } = Compression.NONE;
    public bool BigEndian { get; init; }
    public double[]? PixelScale { get; init; }
    public double[]? Tiepoints { get; init; }
    public double[]? Transformation { get; init; }
    public ushort[]? GeoKeys { get; init; }
    public string? NoData { get; init; }
}

/// <summary>Writes GeoTIFFs with LibTiff.NET itself, the GeoTIFF tags set through the same field information the reader uses.</summary>
internal static class GeoTiffFixture
{
    /// <summary>A GeoKeyDirectory: version 1.1.0 header, then (key, location 0, count 1, value) for each pair.</summary>
    public static ushort[] Keys(params (int Key, int Value)[] keys) =>
        [1, 1, 0, (ushort)keys.Length, .. keys.SelectMany(k => new[] { (ushort)k.Key, (ushort)0, (ushort)1, (ushort)k.Value })];

    public static void Write(string path, GeoTiffSpec spec)
    {
        GeoTiffTags.Register();
        using var tiff = Tiff.Open(path, spec.BigEndian ? "wb" : "wl") ?? throw new InvalidOperationException($"LibTiff cannot create {path}");
        tiff.SetField(TiffTag.IMAGEWIDTH, spec.Width);
        tiff.SetField(TiffTag.IMAGELENGTH, spec.Height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, spec.SamplesPerPixel);
        tiff.SetField(TiffTag.BITSPERSAMPLE, spec.Bits);
        tiff.SetField(TiffTag.SAMPLEFORMAT, spec.Format);
        tiff.SetField(TiffTag.PHOTOMETRIC, spec.SamplesPerPixel == 3 ? Photometric.RGB : Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, spec.Compression);
        if (spec.PixelScale is { } scale) tiff.SetField(TiffTag.GEOTIFF_MODELPIXELSCALETAG, scale.Length, scale);
        if (spec.Tiepoints is { } tie) tiff.SetField(TiffTag.GEOTIFF_MODELTIEPOINTTAG, tie.Length, tie);
        if (spec.Transformation is { } m) tiff.SetField(TiffTag.GEOTIFF_MODELTRANSFORMATIONTAG, m.Length, m);
        if (spec.GeoKeys is { } keys) tiff.SetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, keys.Length, keys.Select(k => unchecked((short)k)).ToArray());
        if (spec.NoData is { } noData) tiff.SetField(TiffTag.GDAL_NODATA, noData);

        int sampleBytes = spec.Bits / 8, pixelBytes = sampleBytes * spec.SamplesPerPixel;
        byte[] Pixels(int x0, int y0, int columns, int rows, int stride)
        {
            var bytes = new byte[stride * rows * pixelBytes];
            for (int r = 0; r < rows && y0 + r < spec.Height; r++)
                for (int c = 0; c < columns && x0 + c < spec.Width; c++)
                    for (int s = 0; s < spec.SamplesPerPixel; s++)
                        Encode(spec, spec.Values[(y0 + r) * spec.Width + x0 + c], bytes.AsSpan(((r * stride) + c) * pixelBytes + s * sampleBytes, sampleBytes));
            return bytes;
        }

        if (spec.Tile is { } side)
        {
            tiff.SetField(TiffTag.TILEWIDTH, side);
            tiff.SetField(TiffTag.TILELENGTH, side);
            for (int y = 0; y < spec.Height; y += side)
                for (int x = 0; x < spec.Width; x += side)
                {
                    var tile = Pixels(x, y, side, side, side);
                    tiff.WriteEncodedTile(tiff.ComputeTile(x, y, 0, 0), tile, tile.Length);
                }
        }
        else
        {
            tiff.SetField(TiffTag.ROWSPERSTRIP, spec.RowsPerStrip);
            for (int strip = 0, y = 0; y < spec.Height; strip++, y += spec.RowsPerStrip)
            {
                var rows = Math.Min(spec.RowsPerStrip, spec.Height - y);
                var data = Pixels(0, y, spec.Width, rows, spec.Width);
                tiff.WriteEncodedStrip(strip, data, data.Length);
            }
        }
        tiff.WriteDirectory();
    }

    /// <summary>One sample in this machine's byte order; LibTiff swaps it for a big-endian file.</summary>
    private static void Encode(GeoTiffSpec spec, double value, Span<byte> target)
    {
        switch (spec.Format, spec.Bits)
        {
            case (SampleFormat.IEEEFP, 32): BitConverter.TryWriteBytes(target, (float)value); break;
            case (SampleFormat.IEEEFP, 64): BitConverter.TryWriteBytes(target, value); break;
            case (SampleFormat.INT, 16): BitConverter.TryWriteBytes(target, checked((short)value)); break;
            case (SampleFormat.UINT, 16): BitConverter.TryWriteBytes(target, checked((ushort)value)); break;
            case (SampleFormat.INT, 32): BitConverter.TryWriteBytes(target, checked((int)value)); break;
            case (SampleFormat.UINT, 8): target[0] = checked((byte)value); break;
            default: throw new ArgumentException($"no encoding for {spec.Bits}-bit {spec.Format}");
        }
    }
}
