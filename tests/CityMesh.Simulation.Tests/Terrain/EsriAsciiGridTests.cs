using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

public sealed class EsriAsciiGridTests
{
    private const string Good = """
        ncols 4
        nrows 3
        xllcorner 500000
        yllcorner 4100000
        cellsize 5
        NODATA_value -9999
        10 11 12 13
        20 21 -9999 23
        30.5 31.25 32 33
        """;

    private static ElevationGrid Parse(string text, string name = "test.asc") => EsriAsciiGridReader.Read(new StringReader(text), name);

    private static TerrainFormatException Refused(string text) => Assert.Throws<TerrainFormatException>(() => Parse(text));

    [Fact]
    public void Reads_the_header_and_the_rows_north_first()
    {
        var grid = Parse(Good);
        Assert.Equal((4, 3, 5.0), (grid.Columns, grid.Rows, grid.CellSize));
        Assert.Equal((500000.0, 4100000.0), (grid.OriginX, grid.OriginY));
        Assert.Equal(-9999f, grid.NoData);
        Assert.Equal(10f, grid[0, 0]);
        Assert.Equal(33f, grid[3, 2]);
        Assert.Equal(31.25f, grid[1, 2]);
        Assert.True(grid.IsNoData(grid[2, 1]));
        // The first line of values is the northern row: its centre is half a cell below the top edge.
        Assert.Equal(4100000 + 15 - 2.5, grid.CellCentre(0, 0).Y);
        Assert.False(grid.Crs.IsKnown);
    }

    [Fact]
    public void Header_keys_in_any_case_and_order_and_centre_keys_are_read()
    {
        var grid = Parse("""
            CELLSIZE 2
            yllcenter 101
            NRows 2
            XLLCENTER 51
            ncols 2
            1 2
            3 4
            """);
        Assert.Equal((50.0, 100.0, 2.0), (grid.OriginX, grid.OriginY, grid.CellSize));
        Assert.Equal(ElevationGrid.DefaultNoData, grid.NoData);
        Assert.Equal(4f, grid[1, 1]);
    }

    [Fact]
    public void A_missing_header_key_is_named_at_the_line_where_values_start()
    {
        var e = Refused("""
            ncols 2
            nrows 1
            xllcorner 0
            yllcorner 0
            1 2
            """);
        Assert.Equal(5, e.Line);
        Assert.Contains("no cellsize", e.Message);
        Assert.StartsWith("test.asc: line 5:", e.Message);
    }

    [Fact]
    public void A_short_row_is_refused_naming_its_line_and_row()
    {
        var e = Refused(Good.Replace("20 21 -9999 23", "20 21 23"));
        Assert.Equal(8, e.Line);
        Assert.Contains("row 2 of 3 has 3 values, ncols is 4", e.Message);
    }

    [Fact]
    public void A_long_row_is_refused_too()
    {
        var e = Refused(Good.Replace("10 11 12 13", "10 11 12 13 14"));
        Assert.Equal(7, e.Line);
        Assert.Contains("row 1 of 3 has 5 values", e.Message);
    }

    [Fact]
    public void Missing_and_extra_rows_are_refused_counting_rows()
    {
        var missing = Refused(Good.Replace("\n30.5 31.25 32 33", ""));
        Assert.Contains("ends after 2 of the 3 rows", missing.Message);
        var extra = Refused(Good + "\n1 2 3 4");
        Assert.Equal(10, extra.Line);
        Assert.Contains("a row past the 3 rows", extra.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_named_with_its_line_and_column()
    {
        var e = Refused(Good.Replace("20 21 -9999 23", "20 2x1 -9999 23"));
        Assert.Equal(8, e.Line);
        Assert.Contains("column 4 (row 2 of 3, value 2): '2x1' is not a number", e.Message);
    }

    [Theory]
    [InlineData("cellsize 0", "cellsize must be > 0, not 0")]
    [InlineData("cellsize -5", "cellsize must be > 0, not -5")]
    [InlineData("cellsize five", "cellsize 'five' is not a finite number")]
    public void A_cell_size_that_is_not_positive_is_refused_on_its_line(string line, string message)
    {
        var e = Refused(Good.Replace("cellsize 5", line));
        Assert.Equal(5, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Header_mistakes_are_named_with_their_line()
    {
        Assert.Contains("ncols must be a whole number ≥ 1, not '4.5'", Refused(Good.Replace("ncols 4", "ncols 4.5")).Message);
        var unknown = Refused(Good.Replace("NODATA_value -9999", "nodata -9999"));
        Assert.Equal(6, unknown.Line);
        Assert.Contains("'nodata' is neither a header key", unknown.Message);
        var twice = Refused(Good.Replace("nrows 3", "nrows 3\nNROWS 3"));
        Assert.Contains("nrows is given again (first on line 2)", twice.Message);
    }

    [Fact]
    public void Unequal_dx_and_dy_are_refused_as_non_square_cells()
    {
        var e = Refused(Good.Replace("cellsize 5", "dx 5\ndy 6"));
        Assert.Equal(6, e.Line);
        Assert.Contains("non-square cells are not supported", e.Message);
        Assert.Equal(5, Parse(Good.Replace("cellsize 5", "dx 5\ndy 5")).CellSize);
    }

    [Fact]
    public void A_grid_round_trips_through_a_file_with_its_crs()
    {
        using var scratch = new TerrainScratch();
        var values = new float[] { 12.345678f, -0.1f, 1e-7f, 99999.99f, -9999, float.Epsilon * 3, 42, 7.0000005f };
        var grid = new ElevationGrid(4, 2, 0.5, 316000.25, 4420000.75, values, -9999, CoordinateReferenceSystem.FromEpsg(32633));
        var path = scratch.PathOf("round.asc");
        EsriAsciiGridWriter.Write(grid, path);
        Assert.Equal("EPSG:32633", File.ReadAllText(PrjFile.PathBeside(path)));

        var back = EsriAsciiGridReader.Read(path);
        Assert.Equal((grid.Columns, grid.Rows, grid.CellSize, grid.OriginX, grid.OriginY, grid.NoData),
            (back.Columns, back.Rows, back.CellSize, back.OriginX, back.OriginY, back.NoData));
        Assert.Equal(values, back.Values);
        Assert.Equal(32633, back.Crs.Epsg);
    }

    [Fact]
    public void A_prj_beside_the_grid_gives_its_crs_and_a_root_authority_its_code()
    {
        using var scratch = new TerrainScratch();
        var path = scratch.Write("utm.asc", Good);
        const string wkt = """PROJCS["WGS 84 / UTM zone 33N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],UNIT["metre",1],AUTHORITY["EPSG","32633"]]""";
        File.WriteAllText(PrjFile.PathBeside(path), wkt);
        var grid = EsriAsciiGridReader.Read(path);
        Assert.Equal(32633, grid.Crs.Epsg);
        Assert.Equal(wkt, grid.Crs.Definition);
        Assert.False(grid.Crs.IsGeographic);

        // ESRI's own WKT names no authority: the text is kept, with no code.
        File.WriteAllText(PrjFile.PathBeside(path), """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""");
        var esri = EsriAsciiGridReader.Read(path);
        Assert.Null(esri.Crs.Epsg);
        Assert.True(esri.Crs.IsGeographic);
    }

    [Fact]
    public void NaN_no_data_as_GDAL_writes_it_is_read()
    {
        var grid = Parse("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nnodata_value nan\nnan 3\n");
        Assert.True(float.IsNaN(grid.NoData));
        Assert.True(grid.IsNoData(grid[0, 0]));
        Assert.Equal(3f, grid[1, 0]);
    }
}
