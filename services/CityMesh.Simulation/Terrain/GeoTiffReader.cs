using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CityMesh.Limits;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Reads a single-band elevation GeoTIFF with LibTiff.NET: 16-bit signed or unsigned, 32-bit signed integer or 32/64-bit
/// float samples, in strips or tiles, uncompressed or with any compression LibTiff.NET decodes (LZW, Deflate,
/// PackBits among them). The first image directory is read (a cloud-optimised GeoTIFF's full resolution; its
/// overviews follow it). Georeferencing comes from ModelPixelScaleTag + one ModelTiepointTag, or a
/// ModelTransformationTag without rotation; PixelIsPoint rasters are moved half a cell as GDAL does. The CRS is the
/// EPSG code of ProjectedCSTypeGeoKey, else GeographicTypeGeoKey; no-data is GDAL_NODATA, and without it NaN (so every
/// finite sample is an elevation). Values become floats (an Int32 above 2^24 loses its last digits, far below any
/// survey's accuracy). What it cannot read as a north-up, square-celled, single-band grid it refuses, naming the tag.
/// </summary>
public static class GeoTiffReader
{
    private enum SampleKind { Int16, UInt16, Int32, Float32, Float64 }

    public static ElevationGrid Read(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        GeoTiffTags.Register();
        FileInfo info = new(path);
        if (!info.Exists) throw new TerrainFormatException(path, null, "cannot open: the file does not exist");
        if (info.Length > limits.InputFileBytes)
            throw new TerrainFormatException(path, null, $"is {info.Length:N0} bytes, more than the {limits.InputFileBytes:N0} an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");

        TiffMessages.Clear();
        using var tiff = Tiff.Open(path, "r") ?? throw Fail(path, "is not a TIFF file LibTiff can open");
        int width = Int(tiff, TiffTag.IMAGEWIDTH), height = Int(tiff, TiffTag.IMAGELENGTH);
        if (width < 1 || height < 1) throw Fail(path, $"ImageWidth × ImageLength is {width} × {height}; an elevation grid needs at least one cell");
        var samplesPerPixel = Int(tiff, TiffTag.SAMPLESPERPIXEL, 1);
        if (samplesPerPixel != 1)
            throw Fail(path, $"SamplesPerPixel (277) is {samplesPerPixel}: only single-band elevation is read; extract the band first (gdal_translate -b 1)");
        var kind = Kind(tiff, path);
        var compression = (Compression)Int(tiff, TiffTag.COMPRESSION, (int)Compression.NONE);
        if (!tiff.IsCodecConfigured(compression))
            throw Fail(path, $"Compression (259) is {compression} ({(int)compression}), which LibTiff.NET cannot decode; rewrite it with LZW or Deflate (gdal_translate -co COMPRESS=DEFLATE)");
        var orientation = Int(tiff, TiffTag.ORIENTATION, (int)Orientation.TOPLEFT);
        if (orientation != (int)Orientation.TOPLEFT)
            throw Fail(path, $"Orientation (274) is {(Orientation)orientation}: only top-left (north-up rows) is read");
        if ((long)width * height * sizeof(float) > limits.RunMemoryBytes)
            throw Fail(path, $"{width} × {height} = {(long)width * height:N0} cells, more than the {limits.RunMemoryBytes:N0} bytes a run may plan ({InputLimits.Section}:{nameof(InputLimits.RunMemoryBytes)})");

        var keys = GeoKeys(tiff, path);
        var (cellSize, left, top) = Placement(tiff, path, keys);
        var values = new float[width * height];
        if (tiff.IsTiled()) ReadTiles(tiff, path, kind, width, height, values);
        else ReadStrips(tiff, path, kind, width, height, values);
        return new ElevationGrid(width, height, cellSize, left, top - height * cellSize, values, NoData(tiff, path), keys.Crs());
    }

    private static SampleKind Kind(Tiff tiff, string path)
    {
        var bits = Int(tiff, TiffTag.BITSPERSAMPLE, 1);
        var format = (SampleFormat)Int(tiff, TiffTag.SAMPLEFORMAT, (int)SampleFormat.UINT);
        return (format, bits) switch
        {
            (SampleFormat.INT, 16) => SampleKind.Int16,
            (SampleFormat.UINT, 16) => SampleKind.UInt16,
            (SampleFormat.INT, 32) => SampleKind.Int32,
            (SampleFormat.IEEEFP, 32) => SampleKind.Float32,
            (SampleFormat.IEEEFP, 64) => SampleKind.Float64,
            _ => throw Fail(path, $"samples are {bits}-bit {format} (BitsPerSample 258, SampleFormat 339): elevation is read from Int16, UInt16, Int32, Float32 or Float64"),
        };
    }

    private static GeoKeyDirectory GeoKeys(Tiff tiff, string path)
    {
        var field = tiff.GetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG);
        return field is { Length: >= 2 } ? GeoKeyDirectory.Parse(field[1].ToUShortArray(), path) : GeoKeyDirectory.Empty;
    }

    /// <summary>Cell size and the top-left corner of the top-left cell, from the model tags.</summary>
    private static (double CellSize, double Left, double Top) Placement(Tiff tiff, string path, GeoKeyDirectory keys)
    {
        var scale = Doubles(tiff, TiffTag.GEOTIFF_MODELPIXELSCALETAG);
        var tiepoints = Doubles(tiff, TiffTag.GEOTIFF_MODELTIEPOINTTAG);
        var matrix = Doubles(tiff, TiffTag.GEOTIFF_MODELTRANSFORMATIONTAG);
        double size, left, top;
        if (matrix is not null)
        {
            // Row-major 4×4: x = a·col + b·row + d, y = e·col + f·row + h (GeoTIFF 1.1, clause 7.2.5).
            if (matrix.Length != 16) throw Fail(path, $"ModelTransformationTag (34264) has {matrix.Length} values, not 16");
            double a = matrix[0], b = matrix[1], d = matrix[3], e = matrix[4], f = matrix[5], h = matrix[7];
            if (b != 0 || e != 0) throw Fail(path, $"ModelTransformationTag (34264) rotates or shears the raster (terms {b}, {e}); warp it north-up first (gdalwarp)");
            if (!(a > 0) || !(f < 0)) throw Fail(path, $"ModelTransformationTag (34264) scales by {a}, {f}: only north-up rasters (x growing east, y falling with the row) are read");
            size = Square(a, -f, path, "ModelTransformationTag (34264)");
            (left, top) = (d, h);
        }
        else if (scale is not null && tiepoints is not null)
        {
            if (scale.Length < 2) throw Fail(path, $"ModelPixelScaleTag (33550) has {scale.Length} values, fewer than 2");
            if (tiepoints.Length < 6) throw Fail(path, $"ModelTiepointTag (33922) has {tiepoints.Length} values, fewer than one tiepoint's 6");
            if (tiepoints.Length > 6)
                throw Fail(path, $"ModelTiepointTag (33922) holds {tiepoints.Length / 6} tiepoints: georeferencing by ground control points is not supported; warp it first (gdalwarp)");
            if (!(scale[0] > 0) || !(scale[1] > 0))
                throw Fail(path, $"ModelPixelScaleTag (33550) is {scale[0]}, {scale[1]}: both must be > 0 (a north-up raster)");
            size = Square(scale[0], scale[1], path, "ModelPixelScaleTag (33550)");
            // Tiepoint (i, j, k) in raster space ↔ (x, y, z) in model space; y grows north while j grows south.
            left = tiepoints[3] - tiepoints[0] * size;
            top = tiepoints[4] + tiepoints[1] * size;
        }
        else
        {
            throw Fail(path, "has no georeferencing: neither ModelPixelScaleTag (33550) with ModelTiepointTag (33922) nor ModelTransformationTag (34264)");
        }
        if (!double.IsFinite(left) || !double.IsFinite(top)) throw Fail(path, "georeferencing gives a corner that is not a finite number");
        // PixelIsPoint: raster (0, 0) is the first cell's centre, so its corner lies half a cell west and north.
        if (keys[GeoKeyDirectory.GTRasterTypeGeoKey] == GeoKeyDirectory.RasterPixelIsPoint) (left, top) = (left - size / 2, top + size / 2);
        return (size, left, top);
    }

    /// <summary>The one cell size of square cells; x and y within a billionth of each other count as equal (float noise in writers).</summary>
    private static double Square(double x, double y, string path, string tag) =>
        Math.Abs(x - y) <= 1e-9 * Math.Max(x, y) ? x
        : throw Fail(path, $"{tag} gives cells {x.ToString(CultureInfo.InvariantCulture)} × {y.ToString(CultureInfo.InvariantCulture)}: non-square cells are not supported; resample to square cells first (gdalwarp -tr)");

    private static float NoData(Tiff tiff, string path)
    {
        var field = tiff.GetField(TiffTag.GDAL_NODATA);
        if (field is not { Length: > 0 }) return float.NaN;
        var text = (field[0].Value is byte[] bytes ? System.Text.Encoding.ASCII.GetString(bytes) : field[0].ToString() ?? "").Trim('\0', ' ');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value)
            ? (float)value
            : throw Fail(path, $"GDAL_NODATA (42113) '{text}' is not a number");
    }

    private static void ReadStrips(Tiff tiff, string path, SampleKind kind, int width, int height, float[] values)
    {
        var rowsPerStrip = (int)Math.Min(tiff.GetFieldDefaulted(TiffTag.ROWSPERSTRIP)[0].ToLong(), height);
        var buffer = new byte[tiff.StripSize()];
        var rowBytes = width * Size(kind);
        for (int strip = 0, firstRow = 0; firstRow < height; strip++, firstRow += rowsPerStrip)
        {
            var rows = Math.Min(rowsPerStrip, height - firstRow);
            var read = tiff.ReadEncodedStrip(strip, buffer, 0, -1);
            if (read < rows * rowBytes) throw Fail(path, $"strip {strip} (rows {firstRow}–{firstRow + rows - 1}) cannot be read whole");
            for (int r = 0; r < rows; r++)
                Convert(kind, buffer.AsSpan(r * rowBytes, rowBytes), values.AsSpan((firstRow + r) * width, width));
        }
    }

    private static void ReadTiles(Tiff tiff, string path, SampleKind kind, int width, int height, float[] values)
    {
        int tileWidth = Int(tiff, TiffTag.TILEWIDTH), tileLength = Int(tiff, TiffTag.TILELENGTH);
        var buffer = new byte[tiff.TileSize()];
        var size = Size(kind);
        for (int y = 0; y < height; y += tileLength)
            for (int x = 0; x < width; x += tileWidth)
            {
                var tile = tiff.ComputeTile(x, y, 0, 0);
                if (tiff.ReadEncodedTile(tile, buffer, 0, -1) < tileWidth * tileLength * size)
                    throw Fail(path, $"tile {tile} (at column {x}, row {y}) cannot be read whole");
                // Tiles on the right and bottom edges are padded past the image: copy only what lies inside it.
                int columns = Math.Min(tileWidth, width - x), rows = Math.Min(tileLength, height - y);
                for (int r = 0; r < rows; r++)
                    Convert(kind, buffer.AsSpan(r * tileWidth * size, columns * size), values.AsSpan((y + r) * width + x, columns));
            }
    }

    /// <summary>Decoded samples to floats. LibTiff hands samples back in this machine's byte order, whatever the file's.</summary>
    private static void Convert(SampleKind kind, ReadOnlySpan<byte> source, Span<float> target)
    {
        switch (kind)
        {
            case SampleKind.Float32: MemoryMarshal.Cast<byte, float>(source).CopyTo(target); break;
            case SampleKind.Float64: Widen(MemoryMarshal.Cast<byte, double>(source), target, v => (float)v); break;
            case SampleKind.Int16: Widen(MemoryMarshal.Cast<byte, short>(source), target, v => v); break;
            case SampleKind.UInt16: Widen(MemoryMarshal.Cast<byte, ushort>(source), target, v => v); break;
            case SampleKind.Int32: Widen(MemoryMarshal.Cast<byte, int>(source), target, v => v); break;
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<float> target, Func<T, float> convert)
    {
        for (int i = 0; i < target.Length; i++) target[i] = convert(source[i]);
    }

    private static int Size(SampleKind kind) => kind switch
    {
        SampleKind.Int16 or SampleKind.UInt16 => 2,
        SampleKind.Float64 => 8,
        _ => 4,
    };

    private static int Int(Tiff tiff, TiffTag tag, int? fallback = null)
    {
        var field = tiff.GetField(tag);
        if (field is { Length: > 0 }) return field[0].ToInt();
        return fallback ?? throw new InvalidOperationException($"required TIFF tag {tag} missing after LibTiff opened the file");
    }

    private static double[]? Doubles(Tiff tiff, TiffTag tag)
    {
        var field = tiff.GetField(tag);
        return field is { Length: >= 2 } ? field[1].ToDoubleArray() : null;
    }

    /// <summary>A refusal naming the file, with LibTiff's own reason when it gave one.</summary>
    private static TerrainFormatException Fail(string path, string problem) =>
        new(path, null, TiffMessages.LastError is { } reason ? $"{problem} (LibTiff: {reason})" : problem);
}
