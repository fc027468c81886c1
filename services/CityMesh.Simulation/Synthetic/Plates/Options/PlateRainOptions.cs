using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Rain streaks over the image.</summary>
public sealed record PlateRainOptions
{
    [Description("Chance an image has rain; within [0, 1]. Default 0.12.")]
    public double Probability { get; init; } = 0.12;

    [Description("Streaks per 1000 pixels; within [0, 1000]. Default [0.5, 4].")]
    public ValueRange Density { get; init; } = new(0.5, 4);

    [Description("Streak length, image pixels; within [0, 500]. Default [6, 18].")]
    public ValueRange Length { get; init; } = new(6, 18);

    [Description("Streak angle from vertical, degrees; within [-90, 90]. Default [-25, 25].")]
    public ValueRange Angle { get; init; } = new(-25, 25);

    [Description("Streak brightness, fraction of full scale; within [0, 1]. Default [0.15, 0.4].")]
    public ValueRange Brightness { get; init; } = new(0.15, 0.4);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Density, $"{at}.density", 0, 1000),
        .. OptionChecks.Range(Length, $"{at}.length", 0, 500),
        .. OptionChecks.Range(Angle, $"{at}.angle", -90, 90),
        .. OptionChecks.Range(Brightness, $"{at}.brightness", 0, 1),
    ];
}
