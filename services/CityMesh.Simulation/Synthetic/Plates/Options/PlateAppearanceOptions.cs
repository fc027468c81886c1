using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>The plate's wear.</summary>
public sealed record PlateAppearanceOptions
{
    [Description("Grime over the plate, 0 clean to 1; within [0, 1]. Default [0, 0.35].")]
    public ValueRange Dirt { get; init; } = new(0, 0.35);

    [Description("Size of the grime's blotches, millimetres; within [0.5, 500]. Default [8, 40].")]
    public ValueRange DirtScale { get; init; } = new(8, 40);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Range(Dirt, $"{at}.dirt", 0, 1),
        .. OptionChecks.Range(DirtScale, $"{at}.dirtScale", 0.5, 500),
    ];
}
