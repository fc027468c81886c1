using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic;

/// <summary>
/// A closed interval a generator samples uniformly from; Min = Max fixes the value. Both ends are required when read,
/// so a range given with one end is refused rather than taking 0 for the other.
/// </summary>
public sealed record ValueRange(
    [property: Description("Smallest value sampled."), JsonRequired] double Min,
    [property: Description("Largest value sampled."), JsonRequired] double Max)
{
    public double Sample(double unit) => Min + (Max - Min) * unit;

    /// <summary>Errors for <paramref name="field"/> when the range is inverted, not finite, or leaves [lower, upper].</summary>
    public IEnumerable<SynthesisOptionError> Check(string field, double lower, double upper)
    {
        if (!double.IsFinite(Min) || !double.IsFinite(Max))
            yield return new(field, $"min and max must be finite numbers (got {Min} and {Max})");
        else if (Min > Max)
            yield return new(field, $"min ({Min}) is greater than max ({Max})");
        else if (Min < lower || Max > upper)
            yield return new(field, $"[{Min}, {Max}] must lie within [{lower}, {upper}]");
    }
}
