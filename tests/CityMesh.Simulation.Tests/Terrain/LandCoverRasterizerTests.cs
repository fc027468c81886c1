using CityMesh.Simulation.Terrain;

namespace CityMesh.Simulation.Tests.Terrain;

public sealed class LandCoverRasterizerTests
{
    // 6 × 6 cells of 1 m from (0, 0): centres at 0.5, 1.5, ..., 5.5; row 0 is the northern row (centre y 5.5).
    private static readonly ElevationGrid Grid = new(6, 6, 1, 0, 0, new float[36]);

    private static LandCoverPolygon Square(LandUse use, double x0, double y0, double x1, double y1) =>
        LandCoverPolygon.Single(use, new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1));

    /// <summary>The cells as a picture, northern row first: '#' blocked, else the land use's initial.</summary>
    private static string[] Picture(RoughnessRaster raster) =>
        Enumerable.Range(0, raster.Rows).Select(row => string.Concat(Enumerable.Range(0, raster.Columns).Select(col =>
        {
            var i = row * raster.Columns + col;
            return raster.Blocked[i] ? '#' : raster.Cover[i].ToString()[0];
        }))).ToArray();

    [Fact]
    public void A_square_footprint_blocks_the_cells_whose_centres_it_holds()
    {
        // x 1.2..3.9 holds centres 1.5, 2.5, 3.5; y 0.8..3.0 holds centres 1.5 and 2.5 (rows 4 and 3).
        var raster = LandCoverRasterizer.Rasterise(Grid, [Square(LandUse.Building, 1.2, 0.8, 3.9, 3.0)]);
        Assert.Equal(new[]
        {
            "OOOOOO",
            "OOOOOO",
            "OOOOOO",
            "O###OO",
            "O###OO",
            "OOOOOO",
        }, Picture(raster));
        Assert.Equal(6, raster.BlockedCells);
        Assert.True(float.IsNaN(raster.Manning[3 * 6 + 1]));
        Assert.Equal((float)ManningTable.Default.Open, raster.Manning[0]);
    }

    [Fact]
    public void Centres_on_an_edge_go_to_one_side_only()
    {
        // Edges through centres: x = 1.5 and y = 1.5 (left and lower edges) take them; x = 3.5 and y = 3.5 do not.
        var raster = LandCoverRasterizer.Rasterise(Grid, [Square(LandUse.Building, 1.5, 1.5, 3.5, 3.5)]);
        Assert.Equal(4, raster.BlockedCells);
        Assert.True(raster.Blocked[Grid.Index(1, 4)]);
        Assert.True(raster.Blocked[Grid.Index(2, 3)]);
        Assert.False(raster.Blocked[Grid.Index(3, 3)]);
        Assert.False(raster.Blocked[Grid.Index(1, 2)]);
    }

    [Fact]
    public void Later_polygons_overwrite_earlier_ones_but_never_open_a_building()
    {
        var raster = LandCoverRasterizer.Rasterise(Grid,
        [
            Square(LandUse.Residential, 0, 0, 6, 6),
            Square(LandUse.Building, 2, 2, 4, 4),
            Square(LandUse.Paved, 0, 2, 6, 3),
            Square(LandUse.Park, 5, 5, 6, 6),
        ]);
        Assert.Equal(new[]
        {
            "RRRRRP",
            "RRRRRR",
            "RR##RR",
            "PP##PP",
            "RRRRRR",
            "RRRRRR",
        }, Picture(raster));
        Assert.Equal(0.015f, raster.Manning[Grid.Index(0, 3)]);
        Assert.Equal(0.035f, raster.Manning[Grid.Index(5, 0)]);
        Assert.Equal((float)ManningTable.Default.Residential, raster.Manning[Grid.Index(0, 0)]);
    }

    [Fact]
    public void A_courtyard_hole_stays_open_and_a_triangle_takes_the_centres_under_its_slope()
    {
        var ring = new PlanePoint[] { new(0, 0), new(6, 0), new(6, 6), new(0, 6) };
        var hole = new PlanePoint[] { new(2, 2), new(4, 2), new(4, 4), new(2, 4) };
        var courtyard = LandCoverRasterizer.Rasterise(Grid, [new LandCoverPolygon(LandUse.Building, [ring, hole])]);
        Assert.Equal(32, courtyard.BlockedCells);
        Assert.False(courtyard.Blocked[Grid.Index(2, 2)]);

        // Right triangle (0,0)-(6,0)-(0,6): centres with x + y < 6.
        var triangle = LandCoverRasterizer.Rasterise(Grid, [LandCoverPolygon.Single(LandUse.Water, new(0, 0), new(6, 0), new(0, 6))]);
        for (int row = 0; row < 6; row++)
            for (int col = 0; col < 6; col++)
            {
                var (x, y) = Grid.CellCentre(col, row);
                Assert.Equal(x + y < 6 ? LandUse.Water : LandUse.Open, triangle.Cover[Grid.Index(col, row)]);
            }
    }

    [Fact]
    public void A_footprint_in_longitude_and_latitude_is_placed_by_the_given_projection()
    {
        // A toy projection: a degree is 100,000 m east and north of (117, 36).
        static (double X, double Y) ToPlane(double lon, double lat) => ((lon - 117) * 100_000, (lat - 36) * 100_000);
        var footprint = LandCoverPolygon.FromLonLat(LandUse.Building,
            [[(117.00001, 36.00001), (117.00003, 36.00001), (117.00003, 36.00003), (117.00001, 36.00003)]], ToPlane);
        var raster = LandCoverRasterizer.Rasterise(Grid, [footprint]);
        Assert.Equal(4, raster.BlockedCells);
        Assert.True(raster.Blocked[Grid.Index(1, 4)]);
        Assert.True(raster.Blocked[Grid.Index(2, 3)]);
    }

    [Fact]
    public void A_degenerate_ring_and_a_bad_table_are_refused_naming_them()
    {
        var e = Assert.Throws<ArgumentException>(() => LandCoverRasterizer.Rasterise(Grid,
            [Square(LandUse.Park, 0, 0, 1, 1), LandCoverPolygon.Single(LandUse.Building, new(0, 0), new(1, 1))]));
        Assert.Contains("polygons[1].rings[0] has 2 points", e.Message);
        var table = Assert.Throws<ArgumentException>(() => LandCoverRasterizer.Rasterise(Grid, [], ManningTable.Default with { Paved = 0 }));
        Assert.Contains("paved must be a Manning's n in (0, 1], not 0", table.Message);
    }
}
