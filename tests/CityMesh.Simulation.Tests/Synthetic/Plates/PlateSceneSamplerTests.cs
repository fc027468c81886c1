using System.Text.Json;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Camera;
using CityMesh.Simulation.Synthetic.Plates.Manifest;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateSceneSamplerTests
{
    private static string Json(PlateSample s) => JsonSerializer.Serialize(PlateManifestLine.From(s, "x", 0, "b"));

    [Fact]
    public void The_same_seed_and_index_give_the_same_image_from_a_fresh_sampler()
    {
        var a = new PlateSceneSampler(new PlateSynthesisOptions());
        var b = new PlateSceneSampler(new PlateSynthesisOptions { Count = 5 });
        for (long i = 0; i < 50; i++)
        {
            var x = a.Sample(42, i);
            var y = b.Sample(42, i);
            Assert.Equal(x.Text, y.Text);
            Assert.Equal(x.Seed, y.Seed);
            Assert.Equal(Json(x), Json(y));
        }
    }

    [Fact]
    public void Different_indices_and_seeds_give_different_images()
    {
        var sampler = new PlateSceneSampler(new PlateSynthesisOptions());
        var samples = Enumerable.Range(0, 500).Select(i => sampler.Sample(42, i)).ToList();
        Assert.Equal(500, samples.Select(s => s.Seed).Distinct().Count());
        Assert.True(samples.Select(s => s.Text).Distinct().Count() > 490);
        Assert.Equal(500, samples.Select(s => s.Camera.Yaw).Distinct().Count());
        Assert.NotEqual(sampler.Sample(42, 3).Text, sampler.Sample(43, 3).Text);
        Assert.Equal(3, samples.Select(s => s.TemplateId).Distinct().Count());
    }

    [Fact]
    public void Changing_one_aspects_options_leaves_the_other_draws_alone()
    {
        var plain = new PlateSceneSampler(new PlateSynthesisOptions());
        var rainy = new PlateSceneSampler(new PlateSynthesisOptions { Effects = new() { Rain = new() { Probability = 1 } } });
        for (long i = 0; i < 20; i++)
        {
            Assert.Equal(plain.Sample(1, i).Text, rainy.Sample(1, i).Text);
            Assert.Equal(plain.Sample(1, i).Camera, rainy.Sample(1, i).Camera);
            Assert.True(rainy.Sample(1, i).Scene.Effects.RainDensity > 0);
        }
    }

    [Fact]
    public void Sampled_values_stay_within_their_ranges_and_the_plate_fills_its_share()
    {
        var options = new PlateSynthesisOptions();
        var sampler = new PlateSceneSampler(options);
        var conditions = new Dictionary<string, int>();
        for (long i = 0; i < 2000; i++)
        {
            var s = sampler.Sample(5, i);
            var c = s.Camera;
            Assert.InRange(c.Yaw, -30, 30);
            Assert.InRange(c.Pitch, -20, 20);
            Assert.InRange(c.Roll, -8, 8);
            Assert.InRange(c.Distance, 2.5, 12);
            Assert.InRange(c.Fill, 0.55, 0.9);
            var template = PlateTemplates.Shipped.Single(t => t.Id == s.TemplateId);
            double u0 = double.MaxValue, u1 = double.MinValue, v0 = double.MaxValue, v1 = double.MinValue;
            foreach (var (x, y) in PinholeCamera.Corners(template.Width, template.Height))
            {
                var (u, v) = s.Scene.PlateToImage.Apply(x, y);
                u0 = Math.Min(u0, u); u1 = Math.Max(u1, u); v0 = Math.Min(v0, v); v1 = Math.Max(v1, v);
            }
            Assert.Equal(c.Fill, Math.Max((u1 - u0) / options.Width, (v1 - v0) / options.Height), 6);
            // The plate's centre projects to the shifted image centre.
            var (cu, cv) = s.Scene.PlateToImage.Apply(template.Width / 2, template.Height / 2);
            Assert.Equal(options.Width * (0.5 + c.ShiftX), cu, 6);
            Assert.Equal(options.Height * (0.5 + c.ShiftY), cv, 6);
            var light = s.Scene.Light;
            conditions[light.Condition] = conditions.GetValueOrDefault(light.Condition) + 1;
            if (light.Condition != "night") Assert.Equal(0, light.GlareStrength);
            if (light.Condition is "night" or "ir") Assert.Equal(0, light.ShadowDarkness);
            if (light.Condition == "ir") Assert.Equal(new Rgb(1, 1, 1), light.Tint);
            if (light.Condition == "dusk") Assert.True(light.Tint.B < light.Tint.R, "dusk is warm");
            Assert.InRange(s.Scene.Effects.Noise, 0.004f, 0.025f);
            Assert.InRange(s.Scene.Plate.Dirt, 0, 0.35f);
        }
        // Weights 0.55, 0.15, 0.2, 0.1 over 2000 draws.
        Assert.InRange(conditions["day"], 1000, 1200);
        Assert.InRange(conditions["dusk"], 230, 370);
        Assert.InRange(conditions["night"], 320, 480);
        Assert.InRange(conditions["ir"], 140, 260);
    }

    [Fact]
    public void A_zero_weight_condition_never_appears()
    {
        var sampler = new PlateSceneSampler(new PlateSynthesisOptions { Lighting = new() { Weights = new() { Day = 0, Dusk = 0, Night = 1, Ir = 0 } } });
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal("night", sampler.Sample(9, i).Scene.Light.Condition));
    }

    [Fact]
    public void Only_the_named_templates_are_drawn()
    {
        var sampler = new PlateSceneSampler(new PlateSynthesisOptions { Templates = ["us-ca"] });
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal("us-ca", sampler.Sample(2, i).TemplateId));
    }

    [Fact]
    public void Laid_out_glyphs_stay_on_the_plate_and_spaces_leave_gaps()
    {
        var sampler = new PlateSceneSampler(new PlateSynthesisOptions { Templates = ["eu-de"] });
        for (long i = 0; i < 200; i++)
        {
            var s = sampler.Sample(3, i);
            var glyphs = s.Scene.Plate.Glyphs;
            var text = glyphs.Where(g => g.Labelled).ToList();
            Assert.Equal(s.Text.Replace(" ", ""), string.Concat(text.Select(g => g.Character)));
            Assert.All(glyphs, g => Assert.True(g.X >= 0 && g.X + g.Width <= s.Scene.Plate.Width + 1e-3 && g.Y + g.Height <= s.Scene.Plate.Height));
            Assert.All(text, g => Assert.True(g.X >= 46 - 1e-3 && g.X + g.Width <= 514 + 1e-3, "inside the text area right of the band"));
            for (int k = 1; k < text.Count; k++) Assert.True(text[k].X >= text[k - 1].X + text[k - 1].Width, "cells do not overlap");
            Assert.Equal(13, glyphs.Count(g => !g.Labelled)); // twelve stars and the D
        }
    }
}
