using System.Text.Json;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Manifest;
using CityMesh.Simulation.Synthetic.Plates.Rendering;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateManifestTests
{
    [Fact]
    public void A_scene_read_back_from_its_line_equals_the_sampled_one_and_renders_identically()
    {
        var options = new PlateSynthesisOptions { Width = 160, Height = 48 };
        var sampler = new PlateSceneSampler(options);
        var samples = Enumerable.Range(0, 24).Select(i => sampler.Sample(77, i)).ToArray();
        var lines = samples.Select(s => PlateManifest.Serialize(PlateManifestLine.From(s, "images/x.png", 77, "managed"))).ToArray();
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        var back = lines.Select(PlateManifest.Parse).ToArray();
        for (int i = 0; i < samples.Length; i++)
        {
            var (s, b) = (samples[i].Scene, back[i].Scene);
            // Records holding lists compare lists by reference, so compare the parts.
            Assert.Equal(s.Seed, b.Seed);
            Assert.Equal(s.PlateToImage, b.PlateToImage);
            Assert.Equal(s.Light, b.Light);
            Assert.Equal(s.Effects, b.Effects);
            Assert.Equal(s.Background, b.Background);
            Assert.Equal(s.Plate.Glyphs, b.Plate.Glyphs);
            Assert.Equal(s.Plate.Bands, b.Plate.Bands);
            Assert.Equal(s.Plate.Screws, b.Plate.Screws);
            Assert.Equal(s.Plate with { Glyphs = [], Bands = [], Screws = [] }, b.Plate with { Glyphs = [], Bands = [], Screws = [] });
            Assert.Equal(samples[i].Camera, back[i].Camera);
            Assert.Equal((samples[i].Text, samples[i].TemplateId, samples[i].Seed, 77UL), (back[i].Text, back[i].Template, back[i].Seed, back[i].RunSeed));
        }
        using var renderer = new ManagedPlateRenderer();
        int bytes = options.Width * options.Height * 3 * samples.Length;
        var original = new byte[bytes];
        var again = new byte[bytes];
        renderer.Render(samples.Select(s => s.Scene).ToArray(), options.Width, options.Height, original);
        renderer.Render(back.Select(l => l.Scene).ToArray(), options.Width, options.Height, again);
        Assert.Equal(original, again);
        Assert.Contains(original, b => b != 0);
    }

    [Fact]
    public void Lines_use_camel_case_names()
    {
        var sample = new PlateSceneSampler(new PlateSynthesisOptions()).Sample(1, 0);
        using var doc = JsonDocument.Parse(PlateManifest.Serialize(PlateManifestLine.From(sample, "images/00000000.png", 1, "managed")));
        var root = doc.RootElement;
        Assert.Equal("images/00000000.png", root.GetProperty("image").GetString());
        Assert.Equal(sample.Text, root.GetProperty("text").GetString());
        Assert.True(root.GetProperty("scene").GetProperty("plateToImage").TryGetProperty("m00", out _));
        Assert.True(root.GetProperty("camera").TryGetProperty("yaw", out _));
        Assert.Equal("managed", root.GetProperty("backend").GetString());
    }
}
