using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

public sealed class TerrainGeneratorTests
{
    // 1.2 km × 0.8 km at 5 m: 240 × 160 cells, small enough to draw many times.
    private static readonly TerrainOptions Small = new() { Width = 1200, Height = 800, ValleyLength = 300 };

    [Fact]
    public void The_same_seed_draws_the_same_terrain_and_another_seed_another()
    {
        var a = TerrainGenerator.Generate(Small with { Seed = 7 });
        var b = TerrainGenerator.Generate(Small with { Seed = 7 });
        var c = TerrainGenerator.Generate(Small with { Seed = 8 });
        Assert.Equal(a.Grid.Values, b.Grid.Values);
        Assert.Equal(a.River, b.River);
        Assert.NotEqual(a.Grid.Values, c.Grid.Values);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(12345UL)]
    public void River_cells_are_the_lowest_of_every_cross_section(ulong seed)
    {
        var terrain = TerrainGenerator.Generate(Small with { Seed = seed });
        var grid = terrain.Grid;
        Assert.True(terrain.RiverRunsEast);
        // The river runs west–east, so a cross-section is a column.
        for (int col = 0; col < grid.Columns; col++)
        {
            float lowestRiver = float.MaxValue, highestRiver = float.MinValue, lowestBank = float.MaxValue;
            int riverCells = 0;
            for (int row = 0; row < grid.Rows; row++)
            {
                var i = grid.Index(col, row);
                if (terrain.River[i])
                {
                    riverCells++;
                    lowestRiver = Math.Min(lowestRiver, grid.Values[i]);
                    highestRiver = Math.Max(highestRiver, grid.Values[i]);
                }
                else lowestBank = Math.Min(lowestBank, grid.Values[i]);
            }
            Assert.True(riverCells >= 2, $"column {col} crosses the river in {riverCells} cells");
            Assert.True(lowestRiver < lowestBank, $"column {col}: river bed {lowestRiver}, lowest bank {lowestBank}");
            Assert.True(highestRiver <= lowestBank, $"column {col}: river cell {highestRiver} above a bank cell {lowestBank}");
        }
    }

    [Fact]
    public void A_tall_extent_has_its_river_running_north_and_rows_as_cross_sections()
    {
        var terrain = TerrainGenerator.Generate(Small with { Width = 600, Height = 1000 });
        var grid = terrain.Grid;
        Assert.False(terrain.RiverRunsEast);
        for (int row = 0; row < grid.Rows; row++)
        {
            var cells = Enumerable.Range(0, grid.Columns).Select(col => grid.Index(col, row)).ToList();
            Assert.True(cells.Where(i => terrain.River[i]).Min(i => grid.Values[i]) < cells.Where(i => !terrain.River[i]).Min(i => grid.Values[i]));
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(99UL)]
    public void Elevations_stay_in_range_and_slopes_under_the_bound_yet_the_land_is_not_flat(ulong seed)
    {
        var options = Small with { Seed = seed };
        var terrain = TerrainGenerator.Generate(options);
        var grid = terrain.Grid;
        Assert.Equal(options.MinElevation, grid.Values.Min(), 3);
        Assert.True(grid.Values.Max() <= options.MaxElevation);
        Assert.True(grid.Values.Max() - grid.Values.Min() > 10, "at least 10 m of relief");

        double steepest = 0;
        for (int row = 0; row < grid.Rows; row++)
            for (int col = 0; col < grid.Columns; col++)
            {
                var i = grid.Index(col, row);
                if (terrain.River[i]) continue;
                if (col + 1 < grid.Columns && !terrain.River[i + 1]) steepest = Math.Max(steepest, Math.Abs(grid.Values[i + 1] - grid.Values[i]) / grid.CellSize);
                if (row + 1 < grid.Rows && !terrain.River[i + grid.Columns]) steepest = Math.Max(steepest, Math.Abs(grid.Values[i + grid.Columns] - grid.Values[i]) / grid.CellSize);
            }
        Assert.True(steepest <= options.MaxSlope, $"steepest step {steepest:P2}, bound {options.MaxSlope:P0}");
        Assert.True(steepest > 0.01, $"steepest step {steepest:P2}: the valley sides should slope");
    }

    [Fact]
    public void The_river_falls_downstream()
    {
        var terrain = TerrainGenerator.Generate(Small with { RiverFall = 0.001 });
        var grid = terrain.Grid;
        float Bed(int col) => Enumerable.Range(0, grid.Rows).Select(row => grid.Index(col, row)).Where(i => terrain.River[i]).Min(i => grid.Values[i]);
        Assert.True(Bed(0) > Bed(grid.Columns - 1) + 0.5, $"bed {Bed(0)} upstream, {Bed(grid.Columns - 1)} downstream");
    }

    [Fact]
    public void The_drawn_terrain_survives_the_ASCII_grid_writer_and_reader_unchanged()
    {
        using var scratch = new TerrainScratch();
        var grid = TerrainGenerator.Generate(Small with { OriginX = 316500, OriginY = 4420000, Crs = CoordinateReferenceSystem.FromEpsg(32650) }).Grid;
        var path = scratch.PathOf("generated.asc");
        EsriAsciiGridWriter.Write(grid, path);
        var back = EsriAsciiGridReader.Read(path);
        Assert.Equal(grid.Values, back.Values);
        Assert.Equal((grid.Columns, grid.Rows, grid.CellSize, grid.OriginX, grid.OriginY), (back.Columns, back.Rows, back.CellSize, back.OriginX, back.OriginY));
        Assert.Equal(32650, back.Crs.Epsg);
    }

    [Fact]
    public void Bad_options_are_refused_naming_each_field()
    {
        var problems = (Small with { CellSize = 0, MaxElevation = 10, RiverWidth = 4, Hills = -1, MaxSlope = 2 }).Problems();
        Assert.Contains(problems, p => p.StartsWith("cellSize must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("maxElevation must be above minElevation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("hills must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("maxSlope must be", StringComparison.Ordinal));
        Assert.Contains("riverWidth must be at least two cells", (Small with { RiverWidth = 8 }).Problems().Single());
        var e = Assert.Throws<ArgumentException>(() => TerrainGenerator.Generate(Small with { Width = double.NaN }));
        Assert.Contains("width must be a finite number > 0", e.Message);
        Assert.Contains("cells, more than", (Small with { Width = 1e6, Height = 1e6, CellSize = 1 }).Problems().Single());
    }
}
