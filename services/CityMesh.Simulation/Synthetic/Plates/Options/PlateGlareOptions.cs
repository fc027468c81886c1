using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Headlight glare at night: a bright spot somewhere in the image.</summary>
public sealed record PlateGlareOptions
{
    [Description("Chance a night image has glare; within [0, 1]. Default 0.6.")]
    public double Probability { get; init; } = 0.6;

    [Description("Glare radius, image pixels; within [0.5, 10000]. Default [8, 50].")]
    public ValueRange Radius { get; init; } = new(8, 50);

    [Description("Glare peak added to the scene, in units of full scale; within [0, 10]. Default [0.3, 1.5].")]
    public ValueRange Strength { get; init; } = new(0.3, 1.5);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Probability(Probability, $"{at}.probability"),
        .. OptionChecks.Range(Radius, $"{at}.radius", 0.5, 10000),
        .. OptionChecks.Range(Strength, $"{at}.strength", 0, 10),
    ];
}
