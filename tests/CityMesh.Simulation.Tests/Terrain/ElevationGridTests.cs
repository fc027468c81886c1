using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

public sealed class ElevationGridTests
{
    // 3 columns × 2 rows of 10 m cells, south-west corner at (1000, 2000); row 0 is the northern row.
    private static ElevationGrid Grid(float[]? values = null) =>
        new(3, 2, 10, 1000, 2000, values ?? [1, 2, 3, 4, 5, 6], -9999);

    [Fact]
    public void Row_zero_is_the_northern_row_and_cell_centres_follow()
    {
        var grid = Grid();
        Assert.Equal(1f, grid[0, 0]);
        Assert.Equal(6f, grid[2, 1]);
        Assert.Equal((1005.0, 2015.0), grid.CellCentre(0, 0));
        Assert.Equal((1025.0, 2005.0), grid.CellCentre(2, 1));
        Assert.Equal(1030, grid.MaxX);
        Assert.Equal(2020, grid.MaxY);
    }

    [Fact]
    public void A_point_is_in_the_cell_whose_square_holds_it()
    {
        var grid = Grid();
        Assert.True(grid.TryCellAt(1001, 2019, out var col, out var row));
        Assert.Equal((0, 0), (col, row));
        Assert.True(grid.TryCellAt(1029, 2001, out col, out row));
        Assert.Equal((2, 1), (col, row));
        Assert.False(grid.TryCellAt(999, 2010, out _, out _));
        Assert.False(grid.TryCellAt(1010, 2020.5, out _, out _));
    }

    [Fact]
    public void Bilinear_sample_is_exact_at_centres_and_blends_between_them()
    {
        var grid = Grid();
        Assert.Equal(1, grid.Sample(1005, 2015), 9);
        Assert.Equal(5, grid.Sample(1015, 2005), 9);
        // Midway between the four centres (1005..1015, 2005..2015): the mean of 1, 2, 4, 5.
        Assert.Equal(3, grid.Sample(1010, 2010), 9);
        // A quarter of the way east from centre (0,0) along the northern row's centre line.
        Assert.Equal(1.25, grid.Sample(1007.5, 2015), 9);
        // Within half a cell of the edge the nearest centres hold the value flat.
        Assert.Equal(1, grid.Sample(1000, 2020), 9);
        Assert.True(double.IsNaN(grid.Sample(999.9, 2010)));
    }

    [Fact]
    public void A_sample_touching_a_no_data_cell_is_NaN_but_a_centre_beside_one_is_not()
    {
        var grid = Grid([1, -9999, 3, 4, 5, 6]);
        Assert.True(double.IsNaN(grid.Sample(1010, 2010)));
        Assert.Equal(1, grid.Sample(1005, 2015), 9);
        Assert.True(grid.IsNoData(-9999));
        Assert.True(grid.IsNoData(float.NaN));
        Assert.False(grid.IsNoData(0));
    }

    [Fact]
    public void A_grid_whose_values_do_not_fill_it_is_refused_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new ElevationGrid(3, 2, 10, 0, 0, new float[5]));
        Assert.Equal("values", e.ParamName);
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => new ElevationGrid(3, 2, 0, 0, 0, new float[6]));
        Assert.Equal("cellSize", size.ParamName);
    }
}
