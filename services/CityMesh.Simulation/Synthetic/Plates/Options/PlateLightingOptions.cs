using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>
/// Which lighting condition each image gets, and how each condition lights it. Each condition starts with its own
/// defaults, and a partly given condition keeps those it does not give (JSON populates it).
/// </summary>
public sealed record PlateLightingOptions
{
    [Description("Relative frequency of day, dusk, night and ir (infrared).")]
    public PlateLightingWeights Weights { get; init; } = new();

    [Description("Daylight. Default exposure [0.8, 1.2], ambient [0.35, 0.6], warmth [-0.05, 0.08].")]
    public PlateConditionLightOptions Day { get; init; } = new();

    [Description("Dusk: lower exposure, warm. Default exposure [0.45, 0.8], ambient [0.3, 0.5], warmth [0.15, 0.4].")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public PlateConditionLightOptions Dusk { get; init; } = new() { Exposure = new(0.45, 0.8), Ambient = new(0.3, 0.5), Warmth = new(0.15, 0.4) };

    [Description("Night, lit by street lights and headlights. Default exposure [0.35, 0.8], ambient [0.05, 0.25], warmth [0.05, 0.3].")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public PlateConditionLightOptions Night { get; init; } = new() { Exposure = new(0.35, 0.8), Ambient = new(0.05, 0.25), Warmth = new(0.05, 0.3) };

    [Description("Infrared illuminator: grey image. Default exposure [0.8, 1.3], ambient [0.1, 0.3], warmth [0, 0].")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public PlateConditionLightOptions Ir { get; init; } = new() { Exposure = new(0.8, 1.3), Ambient = new(0.1, 0.3), Warmth = new(0, 0) };

    [Description("Headlight glare, night only.")]
    public PlateGlareOptions Glare { get; init; } = new();

    [Description("Cast shadows, day and dusk only.")]
    public PlateShadowOptions Shadow { get; init; } = new();

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Nested(Weights, $"{at}.weights", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Day, $"{at}.day", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Dusk, $"{at}.dusk", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Night, $"{at}.night", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Ir, $"{at}.ir", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Glare, $"{at}.glare", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Shadow, $"{at}.shadow", (r, f) => r.Check(f)),
    ];
}
