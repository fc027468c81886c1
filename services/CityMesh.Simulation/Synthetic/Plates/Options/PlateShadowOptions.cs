using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>A straight cast shadow edge across the image, by day and at dusk.</summary>
public sealed record PlateShadowOptions
{
    [Description("Chance a day or dusk image has a shadow; within [0, 1]. Default 0.3.")]
    public double Probability { get; init; } = 0.3;

    [Description("Share of the direct light the shadow removes; within [0, 1]. Default [0.25, 0.7].")]
    public ValueRange Darkness { get; init; } = new(0.25, 0.7);

    [Description("Penumbra width, image pixels; within [0, 1000]. Default [1, 6].")]
    public ValueRange Softness { get; init; } = new(1, 6);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Darkness, $"{at}.darkness", 0, 1),
        .. OptionChecks.Range(Softness, $"{at}.softness", 0, 1000),
    ];
}
