using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>How one lighting condition lights the scene.</summary>
public sealed record PlateConditionLightOptions
{
    [Description("Multiplier of the lit scene before the sensor, 1 a correct exposure; within [0.01, 10].")]
    public ValueRange Exposure { get; init; } = new(0.8, 1.2);

    [Description("Ambient share of the light, what shadows and the night keep; within [0, 1].")]
    public ValueRange Ambient { get; init; } = new(0.35, 0.6);

    [Description("Colour temperature shift: positive warm (orange), negative cool (blue), 0 neutral; within [-1, 1].")]
    public ValueRange Warmth { get; init; } = new(-0.05, 0.08);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Range(Exposure, $"{at}.exposure", 0.01, 10),
        .. OptionChecks.Range(Ambient, $"{at}.ambient", 0, 1),
        .. OptionChecks.Range(Warmth, $"{at}.warmth", -1, 1),
    ];
}
