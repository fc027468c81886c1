using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Out-of-focus blur, a disc.</summary>
public sealed record PlateDefocusOptions
{
    [Description("Chance an image is out of focus; within [0, 1]. Default 0.3.")]
    public double Probability { get; init; } = 0.3;

    [Description("Blur disc radius, image pixels; within [0, 50]. Default [0.3, 1.5].")]
    public ValueRange Radius { get; init; } = new(0.3, 1.5);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Radius, $"{at}.radius", 0, 50),
    ];
}
