using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Block artefacts like a JPEG's from a camera or video stream.</summary>
public sealed record PlateCompressionOptions
{
    [Description("Chance an image shows compression artefacts; within [0, 1]. Default 0.5.")]
    public double Probability { get; init; } = 0.5;

    [Description("JPEG-like quality, rounded to a whole number; within [1, 100]. Default [35, 95].")]
    public ValueRange Quality { get; init; } = new(35, 95);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Quality, $"{at}.quality", 1, 100),
    ];
}
