using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Blur along a line from the vehicle's or camera's motion during the exposure.</summary>
public sealed record PlateMotionBlurOptions
{
    [Description("Chance an image is motion-blurred; within [0, 1]. Default 0.3.")]
    public double Probability { get; init; } = 0.3;

    [Description("Blur length, image pixels; within [0, 200]. Default [0.5, 5].")]
    public ValueRange Length { get; init; } = new(0.5, 5);

    [Description("Blur direction, degrees from +x; within [-180, 180]. Default [-20, 20].")]
    public ValueRange Angle { get; init; } = new(-20, 20);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Length, $"{at}.length", 0, 200),
        .. OptionChecks.Range(Angle, $"{at}.angle", -180, 180),
    ];
}
