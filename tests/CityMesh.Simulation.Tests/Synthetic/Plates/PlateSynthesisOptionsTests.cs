using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateSynthesisOptionsTests
{
    private static IReadOnlyList<string> Fields(PlateSynthesisOptions o) => o.Validate().Select(e => e.Field).ToList();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new PlateSynthesisOptions().Validate());
        var o = new PlateSynthesisOptions();
        Assert.Equal((1000, 320, 96), (o.Count, o.Width, o.Height));
    }

    [Fact]
    public void Inverted_and_out_of_bounds_ranges_name_their_fields()
    {
        var o = new PlateSynthesisOptions
        {
            Camera = new() { Yaw = new(10, -10), Distance = new(0.1, 5), Fill = new(0.5, 1.5) },
            Effects = new() { Rain = new() { Density = new(double.NaN, 1) }, Compression = new() { Quality = new(0, 90) } },
            Lighting = new() { Dusk = new() { Ambient = new(0.2, 1.2) } },
            Plate = new() { Dirt = new(-0.1, 0.2) },
        };
        Assert.Equal(["camera.yaw", "camera.distance", "camera.fill", "lighting.dusk.ambient", "effects.rain.density", "effects.compression.quality", "plate.dirt"], Fields(o));
        Assert.Contains("greater than max", o.Validate()[0].Message);
    }

    [Fact]
    public void Probabilities_and_weights_are_checked()
    {
        var o = new PlateSynthesisOptions
        {
            Lighting = new() { Weights = new() { Night = -1 }, Glare = new() { Probability = 1.5 } },
            Effects = new() { Fog = new() { Probability = -0.2 } },
        };
        Assert.Equal(["lighting.weights.night", "lighting.glare.probability", "effects.fog.probability"], Fields(o));
        var zero = new PlateSynthesisOptions { Lighting = new() { Weights = new() { Day = 0, Dusk = 0, Night = 0, Ir = 0 } } };
        var error = Assert.Single(zero.Validate());
        Assert.Equal("lighting.weights", error.Field);
    }

    [Fact]
    public void Unknown_templates_are_named_with_the_known_ones()
    {
        var error = Assert.Single(new PlateSynthesisOptions { Templates = ["tw-private", "mars"] }.Validate());
        Assert.Equal("templates[1]", error.Field);
        Assert.Contains("eu-de, tw-private, us-ca", error.Message);
    }

    [Fact]
    public void Image_size_count_and_missing_parts_are_checked()
    {
        Assert.Equal(["count", "width", "height"], Fields(new PlateSynthesisOptions { Count = 0, Width = 8, Height = 5000 }));
        Assert.Equal(["count"], Fields(new PlateSynthesisOptions { Count = 10_000_001 }));
        Assert.Equal(["camera", "effects.motionBlur"], Fields(new PlateSynthesisOptions { Camera = null!, Effects = new() { MotionBlur = null! } }));
    }

    [Fact]
    public void Custom_templates_are_checked_and_become_known()
    {
        var tw = PlateTemplates.Shipped.Single(t => t.Id == "tw-private");
        var mine = tw with { Id = "tw-yellow", Background = "#F0D000" };
        Assert.Empty(new PlateSynthesisOptions { CustomTemplates = [mine], Templates = ["tw-yellow"] }.Validate());
        var bad = mine with { Width = 5, Text = mine.Text with { Colour = "black" } };
        var fields = Fields(new PlateSynthesisOptions { CustomTemplates = [bad] });
        Assert.Contains("customTemplates[0].width", fields);
        Assert.Contains("customTemplates[0].text.colour", fields);
        Assert.Equal(["customTemplates[0].id"], Fields(new PlateSynthesisOptions { CustomTemplates = [tw] }));
        var sampler = new PlateSceneSampler(new PlateSynthesisOptions { CustomTemplates = [mine], Templates = ["tw-yellow"] });
        Assert.Equal("tw-yellow", sampler.Sample(1, 0).TemplateId);
    }

    [Fact]
    public void Options_round_trip_through_json_and_bad_json_names_the_field()
    {
        var o = new PlateSynthesisOptions { Count = 7, Templates = ["eu-de"], Camera = new() { Yaw = new(-5, 5) } };
        var back = SynthesisOptionsJson.Parse<PlateSynthesisOptions>(SynthesisOptionsJson.Serialize(o), "o.json");
        Assert.Equal(SynthesisOptionsJson.Serialize(o), SynthesisOptionsJson.Serialize(back));
        Assert.Contains("\"yaw\"", SynthesisOptionsJson.Serialize(o));
        var e = Assert.Throws<ArgumentException>(() => SynthesisOptionsJson.Parse<PlateSynthesisOptions>("""{ "camera": { "yaw": { "min": "x", "max": 1 } } }""", "o.json"));
        Assert.StartsWith("o.json: camera.yaw.min:", e.Message);
        e = Assert.Throws<ArgumentException>(() => SynthesisOptionsJson.Parse<PlateSynthesisOptions>("""{ "camera": { "yew": { "min": 1, "max": 1 } } }""", "o.json"));
        Assert.Contains("yew", e.Message);
    }

    [Theory]
    [InlineData("root:x:0:0:root:/root:/bin/bash\n", 1, 1)]
    [InlineData("{ \"count\": 3,\n  Zsecret }", 2, 3)]
    public void A_file_that_is_not_json_is_refused_saying_where_never_what(string text, int line, int at)
    {
        var e = Assert.Throws<ArgumentException>(() => SynthesisOptionsJson.Parse<PlateSynthesisOptions>(text, "o.json"));
        Assert.Equal($"o.json: (document): not JSON (nor YAML named .yaml or .yml) at line {line}, byte {at}", e.Message);
        Assert.DoesNotContain("'r'", e.Message);
        Assert.DoesNotContain("'Z'", e.Message);
    }

    [Fact]
    public void Errors_print_field_first()
    {
        Assert.Equal("camera.yaw: min (1) is greater than max (0)", new SynthesisOptionError("camera.yaw", "min (1) is greater than max (0)").ToString());
    }
}
