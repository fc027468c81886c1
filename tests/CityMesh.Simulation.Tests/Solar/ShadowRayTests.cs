using CityMesh.Simulation.Solar;
using CityMesh.Simulation.Solar.Shading;

namespace CityMesh.Simulation.Tests.Solar;

public sealed class ShadowRayTests
{
    // A 10 m tall block (x 0–20, y 0–10) and a low roof whose sample point we place by hand 10 m north of the block's
    // north face, at 2 m: the ray south towards the sun reaches the face after 10 m of run, when it has climbed
    // 10 / cot; it is blocked when that is under the block's 8 m above the point.
    private static readonly RoofFootprint[] Buildings =
    [
        RoofFootprint.Box("block", 0, 0, 20, 10, 10),
        RoofFootprint.Box("house", 5, 18, 10, 6, 2),
    ];

    [Theory]
    [InlineData(1.0, false)]   // 45°: 10 m of climb over 10 m of run clears 8 m
    [InlineData(1.2, false)]   // 8.3 m: just clears it
    [InlineData(1.3, true)]    // 7.7 m: hits the face
    [InlineData(4.0, true)]    // a low sun
    public void A_ray_towards_the_sun_is_blocked_exactly_when_it_passes_under_the_neighbours_height(double cot, bool blocked)
    {
        var (scene, origin) = Scene(Buildings);

        bool result = ShadowRay.Blocked(scene, (float)(10 - origin.X), (float)(20 - origin.Y), 2f, own: 1, dx: 0f, dy: -1f, cot: (float)cot);

        Assert.Equal(blocked, result);
    }

    [Theory]
    [InlineData(25.0, false)] // east of the block: the ray south passes beside it
    [InlineData(19.0, true)]  // just inside its east end
    [InlineData(-0.5, false)] // just beyond its west end
    public void A_ray_beside_the_neighbour_passes_and_one_through_its_end_does_not(double x, bool blocked)
    {
        var (scene, origin) = Scene(Buildings);

        bool result = ShadowRay.Blocked(scene, (float)(x - origin.X), (float)(20 - origin.Y), 2f, own: 1, dx: 0f, dy: -1f, cot: 3f);

        Assert.Equal(blocked, result);
    }

    [Fact]
    public void A_building_never_shades_its_own_roof_and_a_lower_one_never_shades_a_higher_point()
    {
        var (scene, origin) = Scene(Buildings);

        // On the block's roof, looking north over the low house.
        Assert.False(ShadowRay.Blocked(scene, (float)(10 - origin.X), (float)(5 - origin.Y), 10f, own: 0, dx: 0f, dy: 1f, cot: 20f));
        // Inside the block's footprint but counted as its roof: its own prism is skipped.
        Assert.False(ShadowRay.Blocked(scene, (float)(10 - origin.X), (float)(5 - origin.Y), 10f, own: 0, dx: 0f, dy: -1f, cot: 20f));
    }

    [Fact]
    public void Rays_that_cross_many_grid_cells_find_a_far_tall_building()
    {
        // A 60 m tower 300 m west of a house, a 5 m grid: the low evening sun from the west is hidden by it.
        RoofFootprint[] city = [RoofFootprint.Box("tower", 0, 0, 10, 10, 60), RoofFootprint.Box("house", 300, 0, 10, 10, 5)];
        var blocks = CityBlocks.From(city, 5.0);
        var samples = RoofSamples.For(city, blocks.OriginX, blocks.OriginY, 30);
        var scene = new ArrayScene(blocks, samples, SunTable.For(2025, 60, 25, TimeSpan.Zero, new SolarOptions { StepMinutes = 180 }));

        // The tower's east face is 295 m of run away and 55 m above the point: blocked exactly when cot > 295 / 55 = 5.36.
        Assert.True(ShadowRay.Blocked(scene, (float)(305 - blocks.OriginX), (float)(5 - blocks.OriginY), 5f, own: 1, dx: -1f, dy: 0f, cot: 5.4f));
        Assert.False(ShadowRay.Blocked(scene, (float)(305 - blocks.OriginX), (float)(5 - blocks.OriginY), 5f, own: 1, dx: -1f, dy: 0f, cot: 5.3f));
        Assert.True(blocks.Columns > 60, $"{blocks.Columns} columns");
    }

    private static (ArrayScene Scene, (double X, double Y) Origin) Scene(RoofFootprint[] city)
    {
        var blocks = CityBlocks.From(city, 8.0);
        var samples = RoofSamples.For(city, blocks.OriginX, blocks.OriginY, 30);
        var suns = SunTable.For(2025, 60, 25, TimeSpan.Zero, new SolarOptions { StepMinutes = 180 });
        return (new ArrayScene(blocks, samples, suns), (blocks.OriginX, blocks.OriginY));
    }
}
