using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Rendering;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

public sealed class ManagedPlateRendererTests
{
    [Fact]
    public void Draws_ink_on_the_strokes_plate_colour_between_them_and_background_outside()
    {
        using var renderer = TestScenes.Managed();
        var rgb = TestScenes.Render(renderer, TestScenes.Basic());
        Assert.Equal("managed", renderer.Backend);

        // 'I' is glyph 4: its stem runs down the middle of the cell (x = 45 + 200 + 20 mm).
        var (sx, sy) = TestScenes.Pixel(265, 55);
        var stem = ImageStats.At(rgb, sx, sy);
        Assert.True(stem.R < 60 && stem.G < 60 && stem.B < 60, $"ink at ({sx},{sy}) is {stem}");
        // Beside the stem, 10 mm off the centre line (4.5 mm half stroke), is the white plate: 0.9 linear ≈ 243 sRGB.
        var (px, py) = TestScenes.Pixel(277, 55);
        var plate = ImageStats.At(rgb, px, py);
        Assert.InRange(plate.R, 235, 250);
        Assert.InRange(plate.G, 235, 250);
        // The blue band on the left.
        var band = ImageStats.At(rgb, TestScenes.Pixel(18, 55).X, TestScenes.Pixel(18, 55).Y);
        Assert.True(band.B > 150 && band.R < 40, $"band is {band}");
        // Outside the plate: the texture between colour A and B (linear 0.2–0.35 ≈ 124–160 sRGB).
        foreach (var (x, y) in new[] { (5, 5), (300, 90), (160, 3) })
        {
            var back = ImageStats.At(rgb, x, y);
            Assert.InRange(back.R, 118, 165);
            Assert.InRange(back.B, 130, 140);
        }
    }

    [Fact]
    public void Same_scenes_give_identical_bytes_and_another_seed_another_texture()
    {
        var scenes = Enumerable.Range(0, 12).Select(TestScenes.Varied).ToArray();
        using var renderer = TestScenes.Managed();
        var first = TestScenes.Render(renderer, scenes);
        var second = TestScenes.Render(renderer, scenes);
        using var single = new ManagedPlateRenderer(1);
        var third = TestScenes.Render(single, scenes);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        var reseeded = TestScenes.Render(renderer, scenes[0] with { Seed = 99 });
        Assert.NotEqual(first.AsSpan(0, reseeded.Length).ToArray(), reseeded);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_argument()
    {
        using var renderer = TestScenes.Managed();
        var scene = TestScenes.Basic();
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => renderer.Render([scene], 0, 96, new byte[100])).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => renderer.Render([scene], 320, -1, new byte[100])).ParamName);
        var small = Assert.Throws<ArgumentException>(() => renderer.Render([scene, scene], 320, 96, new byte[320 * 96 * 3]));
        Assert.Equal("rgb", small.ParamName);
        Assert.Contains("184320", small.Message);
        var unknown = scene with { Plate = scene.Plate with { Glyphs = [TestScenes.Cell(0, 'ä')] } };
        var glyph = Assert.Throws<ArgumentException>(() => renderer.Render([unknown], 320, 96, new byte[320 * 96 * 3]));
        Assert.Contains("Glyphs[0].Character", glyph.Message);
        var condition = scene with { Light = scene.Light with { Condition = "noon" } };
        Assert.Contains("Light.Condition", Assert.Throws<ArgumentException>(() => renderer.Render([condition], 320, 96, new byte[320 * 96 * 3])).Message);
        var singular = scene with { PlateToImage = new Homography(1, 0, 0, 2, 0, 0, 0, 0, 1) };
        Assert.Contains("PlateToImage", Assert.Throws<ArgumentException>(() => renderer.Render([singular], 320, 96, new byte[320 * 96 * 3])).Message);
        renderer.Render([], 320, 96, []);
    }
}
