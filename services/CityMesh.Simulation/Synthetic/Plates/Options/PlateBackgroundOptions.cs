using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>The procedural texture around the plate (bumper, paint, road): two colours mixed at a feature size.</summary>
public sealed record PlateBackgroundOptions
{
    [Description("Mean brightness of the first colour, linear 0–1; within [0, 1]. Default [0.02, 0.6].")]
    public ValueRange Brightness { get; init; } = new(0.02, 0.6);

    [Description("Colour saturation, 0 grey to 1 pure hue; within [0, 1]. Default [0, 0.6].")]
    public ValueRange Saturation { get; init; } = new(0, 0.6);

    [Description("Brightness difference of the second colour, relative to the first; within [0, 1]. Default [0.05, 0.5].")]
    public ValueRange Contrast { get; init; } = new(0.05, 0.5);

    [Description("Texture feature size, image pixels; within [0.5, 4096]. Default [2, 24].")]
    public ValueRange Scale { get; init; } = new(2, 24);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Range(Brightness, $"{at}.brightness", 0, 1),
        .. OptionChecks.Range(Saturation, $"{at}.saturation", 0, 1),
        .. OptionChecks.Range(Contrast, $"{at}.contrast", 0, 1),
        .. OptionChecks.Range(Scale, $"{at}.scale", 0.5, 4096),
    ];
}
