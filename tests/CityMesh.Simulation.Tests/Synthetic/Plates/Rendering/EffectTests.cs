using CityMesh.Simulation.Synthetic.Plates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>Each light condition and degradation changes the image the way it should, against the plain day scene.</summary>
public sealed class EffectTests
{
    private static readonly PlateScene Day = TestScenes.Basic();

    private static byte[] Draw(PlateScene scene)
    {
        using var renderer = TestScenes.Managed();
        return TestScenes.Render(renderer, scene);
    }

    private static PlateScene With(SceneEffects effects) => Day with { Effects = effects };

    [Fact]
    public void Fog_pulls_every_pixel_toward_the_fog_colour()
    {
        var fogColour = new Rgb(0.7f, 0.72f, 0.75f);
        var clear = Draw(Day);
        var fog = Draw(With(new SceneEffects { Fog = 0.7f, FogColour = fogColour }));
        // 0.7 linear is about 219 in sRGB.
        double Distance(byte[] img) => img.Where((_, i) => i % 3 == 0).Average(v => Math.Abs(v - 219.0));
        Assert.True(Distance(fog) < Distance(clear) * 0.5, $"{Distance(fog)} vs {Distance(clear)}");
    }

    [Fact]
    public void Night_is_darker_than_day_and_the_headlit_plate_brighter_than_the_street()
    {
        var night = Draw(Day with { Light = Day.Light with { Condition = "night", GlareX = 160, GlareY = 48, GlareRadius = 30 } });
        Assert.True(ImageStats.MeanLuma(night) < ImageStats.MeanLuma(Draw(Day)) * 0.8);
        var plate = ImageStats.At(night, TestScenes.Pixel(277, 55).X, TestScenes.Pixel(277, 55).Y);
        var street = ImageStats.At(night, 5, 5);
        Assert.True(plate.G > street.G + 40, $"plate {plate} street {street}");
    }

    [Fact]
    public void Infrared_is_grey_with_a_bright_plate_and_dark_ink()
    {
        var ir = Draw(Day with { Light = Day.Light with { Condition = "ir" } });
        for (int i = 0; i < ir.Length; i += 3)
        {
            Assert.Equal(ir[i], ir[i + 1]);
            Assert.Equal(ir[i], ir[i + 2]);
        }
        var plate = ImageStats.At(ir, TestScenes.Pixel(277, 55).X, TestScenes.Pixel(277, 55).Y);
        var ink = ImageStats.At(ir, TestScenes.Pixel(265, 55).X, TestScenes.Pixel(265, 55).Y);
        Assert.True(plate.R > 200 && ink.R < 80, $"plate {plate} ink {ink}");
    }

    [Fact]
    public void Glare_brightens_around_its_centre_and_shadow_darkens_its_side()
    {
        var clear = Draw(Day);
        var glare = Draw(Day with { Light = Day.Light with { GlareX = 40, GlareY = 48, GlareRadius = 15, GlareStrength = 2 } });
        Assert.True(ImageStats.At(glare, 40, 48).G >= 250);
        Assert.True(Math.Abs(ImageStats.At(clear, 300, 48).G - ImageStats.At(glare, 300, 48).G) <= 3);
        // Shadow over the lower half (y > 48).
        var shadow = Draw(Day with { Light = Day.Light with { ShadowNormalX = 0, ShadowNormalY = 1, ShadowOffset = 48, ShadowDarkness = 0.8f } });
        var (x, yTop) = TestScenes.Pixel(277, 30);
        var (_, yBottom) = TestScenes.Pixel(277, 80);
        Assert.Equal(ImageStats.At(clear, x, yTop), ImageStats.At(shadow, x, yTop));
        Assert.True(ImageStats.At(shadow, x, yBottom).G < ImageStats.At(clear, x, yBottom).G - 60);
    }

    [Fact]
    public void Noise_raises_the_variance_by_about_sigma()
    {
        var clean = Draw(Day);
        var noisy = Draw(With(new SceneEffects { Noise = 0.04f }));
        double std = ImageStats.DifferenceStd(noisy, clean);
        // 0.04 of full scale is 10.2 levels; clipping at white and black takes a little off.
        Assert.InRange(std, 7, 11.5);
    }

    [Fact]
    public void Motion_blur_and_defocus_lower_edge_contrast()
    {
        double sharp = ImageStats.EdgeEnergy(Draw(Day));
        double motion = ImageStats.EdgeEnergy(Draw(With(new SceneEffects { MotionBlurLength = 8 })));
        double defocus = ImageStats.EdgeEnergy(Draw(With(new SceneEffects { DefocusRadius = 2.5f })));
        double vertical = ImageStats.EdgeEnergy(Draw(With(new SceneEffects { MotionBlurLength = 8, MotionBlurAngle = MathF.PI / 2 })));
        Assert.True(motion < sharp * 0.5, $"motion {motion} sharp {sharp}");
        Assert.True(defocus < sharp * 0.5, $"defocus {defocus} sharp {sharp}");
        // A vertical streak blurs vertical edges less than a horizontal one does.
        Assert.True(vertical > motion, $"vertical {vertical} horizontal {motion}");
    }

    [Fact]
    public void Rain_adds_thin_bright_streaks_and_dirt_darkens_the_plate()
    {
        var clear = Draw(Day);
        var rain = Draw(With(new SceneEffects { RainDensity = 4, RainAngle = 1.5f, RainBrightness = 0.4f }));
        int brighter = 0;
        for (int i = 0; i < clear.Length; i++) if (rain[i] > clear[i] + 15) brighter++;
        Assert.InRange(brighter, 100, clear.Length / 5);
        var dirty = Draw(Day with { Plate = Day.Plate with { Dirt = 1 } });
        Assert.True(ImageStats.MeanLuma(dirty) < ImageStats.MeanLuma(clear) - 5);
    }

    [Fact]
    public void Compression_makes_8x8_blocks()
    {
        // The error of block coding jumps at block edges; per-pixel noise does not.
        var clear = Draw(Day);
        var jpeg = Draw(With(new SceneEffects { CompressionQuality = 10 }));
        var noisy = Draw(With(new SceneEffects { Noise = 0.03f }));
        Assert.True(ImageStats.BlockEdgeRatio(jpeg, clear) > 1.25, $"jpeg {ImageStats.BlockEdgeRatio(jpeg, clear)}");
        Assert.InRange(ImageStats.BlockEdgeRatio(noisy, clear), 0.9, 1.1);
        var fine = Draw(With(new SceneEffects { CompressionQuality = 95 }));
        Assert.True(ImageStats.DifferenceStd(fine, clear) < ImageStats.DifferenceStd(jpeg, clear));
        Assert.NotEqual(fine, clear);
    }
}
