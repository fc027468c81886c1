using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// What spec.flood's markers cannot say to the validator: some water must enter (inflows or rain; the CRD says it with
/// a rule from [AtLeastOneOf]), a generated river at least two cells wide, and hydrograph and rain hours that increase.
/// </summary>
internal static class FloodSpecValidator
{
    public static void Check(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Simulation != SimulationKinds.Flood || spec.Flood is not { } flood) return;
        Check(flood, "spec.flood", errors);
    }

    /// <summary>The checks on a flood at <paramref name="path"/> (spec.flood, or an evacuation's spec.evacuation.flood).</summary>
    public static void Check(FloodSpec flood, string path, List<ValidationError> errors)
    {
        if (flood.Inflows is not { Count: > 0 } && flood.Rain is not { Count: > 0 })
            errors.Add(new(path, ValidationReasons.Required, $"{path}: no water: give inflows or rain, or both"));
        if (flood.Terrain?.Generate is { RiverWidth: { } width } generate && width < 2 * generate.CellSize)
            errors.Add(new($"{path}.terrain.generate.riverWidth", ValidationReasons.OutOfRange,
                $"{path}.terrain.generate.riverWidth: {width} m is under two cells ({2 * generate.CellSize} m at cellSize {generate.CellSize}); a narrower river misses whole cross-sections"));
        for (int i = 0; i < (flood.Inflows?.Count ?? 0); i++)
            Increasing(flood.Inflows![i]?.Hydrograph?.Select(p => p?.Hour).ToList(), $"{path}.inflows[{i}].hydrograph", errors);
        Increasing(flood.Rain?.Select(p => p?.Hour).ToList(), $"{path}.rain", errors);
    }

    private static void Increasing(IReadOnlyList<double?>? hours, string field, List<ValidationError> errors)
    {
        for (int k = 1; k < (hours?.Count ?? 0); k++)
            if (hours![k] is { } hour && hours[k - 1] is { } before && hour <= before)
                errors.Add(new($"{field}[{k}].hour", ValidationReasons.Invalid, $"{field}[{k}].hour: hours must increase; {hour} follows {before}"));
    }
}
