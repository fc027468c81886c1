using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Fog or haze: a blend toward a grey.</summary>
public sealed record PlateFogOptions
{
    [Description("Chance an image is foggy; within [0, 1]. Default 0.1.")]
    public double Probability { get; init; } = 0.1;

    [Description("Blend toward the fog colour, 0 clear to 1 opaque; within [0, 1]. Default [0.1, 0.5].")]
    public ValueRange Density { get; init; } = new(0.1, 0.5);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Density, $"{at}.density", 0, 1),
    ];
}
