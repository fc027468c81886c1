namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>The checks option records share, so each states only its fields and bounds.</summary>
internal static class OptionChecks
{
    public static IEnumerable<SynthesisOptionError> Range(ValueRange? range, string field, double lower, double upper) =>
        range is null ? [new(field, "is missing; give {min, max}")] : range.Check(field, lower, upper);

    public static IEnumerable<SynthesisOptionError> Probability(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1) yield return new(field, $"is {value}; a probability lies within [0, 1]");
    }

    public static IEnumerable<SynthesisOptionError> Nested<T>(T? record, string field, Func<T, string, IEnumerable<SynthesisOptionError>> check) where T : class =>
        record is null ? [new(field, "is missing")] : check(record, field);
}
