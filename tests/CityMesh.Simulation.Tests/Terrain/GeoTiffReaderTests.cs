using BitMiracle.LibTiff.Classic;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

public sealed class GeoTiffReaderTests : IDisposable
{
    private readonly TerrainScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>5 columns × 4 rows, value = 100 + 10·row + col, so a misplaced cell shows which way it moved.</summary>
    private static double[] Ramp(int width, int height) =>
        Enumerable.Range(0, width * height).Select(i => 100.0 + 10 * (i / width) + i % width).ToArray();

    // UTM 33N, 2 m cells, top-left corner at (500000, 4100008): the grid's south-west corner is (500000, 4100000).
    private static GeoTiffSpec Utm(int width = 5, int height = 4) => new(width, height, Ramp(width, height))
    {
        PixelScale = [2, 2, 0],
        Tiepoints = [0, 0, 0, 500000, 4100000 + 2 * height, 0],
        GeoKeys = GeoTiffFixture.Keys((GeoKeyDirectory.GTModelTypeGeoKey, 1), (GeoKeyDirectory.GTRasterTypeGeoKey, 1), (GeoKeyDirectory.ProjectedCSTypeGeoKey, 32633)),
        NoData = "-9999",
    };

    private ElevationGrid WriteAndRead(GeoTiffSpec spec, string name = "dem.tif")
    {
        var path = _scratch.PathOf(name);
        GeoTiffFixture.Write(path, spec);
        return GeoTiffReader.Read(path);
    }

    private TerrainFormatException Refused(GeoTiffSpec spec) => Assert.Throws<TerrainFormatException>(() => WriteAndRead(spec));

    private static void AssertRamp(ElevationGrid grid)
    {
        for (int row = 0; row < grid.Rows; row++)
            for (int col = 0; col < grid.Columns; col++)
                Assert.Equal(100f + 10 * row + col, grid[col, row]);
    }

    [Fact]
    public void A_float32_strip_GeoTIFF_gives_values_cell_size_origin_epsg_and_no_data()
    {
        var spec = Utm();
        var values = (double[])spec.Values.Clone();
        values[7] = -9999;
        var grid = WriteAndRead(spec with { Values = values });
        Assert.Equal((5, 4, 2.0), (grid.Columns, grid.Rows, grid.CellSize));
        Assert.Equal((500000.0, 4100000.0), (grid.OriginX, grid.OriginY));
        Assert.Equal(32633, grid.Crs.Epsg);
        Assert.False(grid.Crs.IsGeographic);
        Assert.Equal(-9999f, grid.NoData);
        Assert.True(grid.IsNoData(grid[2, 1]));
        Assert.Equal(100f, grid[0, 0]);
        Assert.Equal(134f, grid[4, 3]);
    }

    [Theory]
    [InlineData(16, SampleFormat.INT)]
    [InlineData(16, SampleFormat.UINT)]
    [InlineData(32, SampleFormat.INT)]
    [InlineData(64, SampleFormat.IEEEFP)]
    public void Integer_and_double_samples_are_read_as_elevations(int bits, SampleFormat format)
    {
        var grid = WriteAndRead(Utm() with { Bits = bits, Format = format });
        AssertRamp(grid);
    }

    [Fact]
    public void Tiles_with_padded_edges_are_placed_where_they_belong()
    {
        // 20 × 18 in 16 × 16 tiles: the right and bottom tiles are mostly padding.
        var grid = WriteAndRead(Utm(20, 18) with { Tile = 16, Bits = 16, Format = SampleFormat.INT });
        Assert.Equal((20, 18), (grid.Columns, grid.Rows));
        AssertRamp(grid);
    }

    [Fact]
    public void A_big_endian_LZW_file_reads_the_same()
    {
        var grid = WriteAndRead(Utm() with { BigEndian = true, Compression = Compression.LZW, Bits = 32, Format = SampleFormat.INT });
        AssertRamp(grid);
    }

    [Fact]
    public void A_transformation_matrix_and_a_geographic_crs_are_read()
    {
        const double degree = 0.001;
        var grid = WriteAndRead(Utm() with
        {
            PixelScale = null,
            Tiepoints = null,
            Transformation = [degree, 0, 0, 116.9, 0, -degree, 0, 36.7, 0, 0, 0, 0, 0, 0, 0, 1],
            GeoKeys = GeoTiffFixture.Keys((GeoKeyDirectory.GTModelTypeGeoKey, 2), (GeoKeyDirectory.GeographicTypeGeoKey, 4326)),
            NoData = null,
        });
        Assert.Equal(degree, grid.CellSize);
        Assert.Equal(116.9, grid.OriginX, 12);
        Assert.Equal(36.7 - 4 * degree, grid.OriginY, 12);
        Assert.Equal(4326, grid.Crs.Epsg);
        Assert.True(grid.Crs.IsGeographic);
        // Without GDAL_NODATA every finite sample is an elevation.
        Assert.True(float.IsNaN(grid.NoData));
    }

    [Fact]
    public void A_pixel_is_point_tiepoint_names_the_first_cell_centre()
    {
        var grid = WriteAndRead(Utm() with
        {
            Tiepoints = [0, 0, 0, 500001, 4100007, 0],
            GeoKeys = GeoTiffFixture.Keys((GeoKeyDirectory.GTRasterTypeGeoKey, GeoKeyDirectory.RasterPixelIsPoint), (GeoKeyDirectory.ProjectedCSTypeGeoKey, 32633)),
        });
        Assert.Equal((500000.0, 4100000.0), (grid.OriginX, grid.OriginY));
        Assert.Equal((500001.0, 4100007.0), grid.CellCentre(0, 0));
    }

    [Fact]
    public void A_tiepoint_away_from_the_first_cell_is_followed_back_to_the_corner()
    {
        // Raster point (2, 1) — the corner between cells — is at (500004, 4100006).
        var grid = WriteAndRead(Utm() with { Tiepoints = [2, 1, 0, 500004, 4100006, 0] });
        Assert.Equal((500000.0, 4100000.0), (grid.OriginX, grid.OriginY));
    }

    [Fact]
    public void Several_bands_are_refused()
    {
        var e = Refused(Utm() with { SamplesPerPixel = 3, Bits = 16, Format = SampleFormat.UINT });
        Assert.Contains("SamplesPerPixel (277) is 3", e.Message);
    }

    [Fact]
    public void A_rotated_transformation_is_refused()
    {
        var e = Refused(Utm() with { PixelScale = null, Tiepoints = null, Transformation = [2, 0.5, 0, 500000, 0.5, -2, 0, 4100008, 0, 0, 0, 0, 0, 0, 0, 1] });
        Assert.Contains("ModelTransformationTag (34264) rotates", e.Message);
    }

    [Fact]
    public void Non_square_cells_are_refused()
    {
        var e = Refused(Utm() with { PixelScale = [2, 3, 0] });
        Assert.Contains("ModelPixelScaleTag (33550) gives cells 2 × 3: non-square", e.Message);
    }

    [Fact]
    public void A_file_without_georeferencing_is_refused()
    {
        var e = Refused(Utm() with { PixelScale = null, Tiepoints = null });
        Assert.Contains("has no georeferencing", e.Message);
    }

    [Fact]
    public void Byte_samples_are_refused_naming_the_tags()
    {
        var e = Refused(Utm() with { Bits = 8, Format = SampleFormat.UINT });
        Assert.Contains("8-bit UINT (BitsPerSample 258, SampleFormat 339)", e.Message);
    }

    [Fact]
    public void A_compression_LibTiff_cannot_decode_is_refused()
    {
        var path = _scratch.PathOf("zstd.tif");
        GeoTiffFixture.Write(path, Utm());
        // Rewrite the Compression entry (tag 259, SHORT, count 1, value 1) to 50000, ZSTD, which LibTiff.NET lacks.
        var bytes = File.ReadAllBytes(path);
        byte[] entry = [0x03, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00];
        var at = bytes.AsSpan().IndexOf(entry);
        Assert.True(at > 0, "the Compression entry is in the file");
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 8, 2), (ushort)50000);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<TerrainFormatException>(() => GeoTiffReader.Read(path));
        Assert.Contains("Compression (259)", e.Message);
        Assert.Contains("50000", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_TIFF_is_refused_naming_it()
    {
        var path = _scratch.Write("not.tif", "ncols 4\nnrows 3\n");
        var e = Assert.Throws<TerrainFormatException>(() => GeoTiffReader.Read(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("is not a TIFF file", e.Message);
    }

    [Fact]
    public void A_GeoTIFF_read_and_written_as_ASCII_keeps_its_grid()
    {
        var grid = WriteAndRead(Utm());
        var asc = _scratch.PathOf("dem.asc");
        EsriAsciiGridWriter.Write(grid, asc);
        var back = EsriAsciiGridReader.Read(asc);
        Assert.Equal(grid.Values, back.Values);
        Assert.Equal((grid.OriginX, grid.OriginY, grid.CellSize), (back.OriginX, back.OriginY, back.CellSize));
        Assert.Equal(32633, back.Crs.Epsg);
    }
}
