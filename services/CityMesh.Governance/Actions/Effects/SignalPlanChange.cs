using System.Text.Json;

namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// Measures a change of a TrafficSignal's plan: the largest change of any phase's duration
/// (<c>maxGreenChangeSeconds</c>) and of the cycle (<c>cycleChangeSeconds</c>), from the plan the twin holds to the
/// plan the patch writes. Anything else it cannot vouch for: other attributes, phases added, removed or regrouped,
/// durations that are not positive, a cycle that is not the sum of its phases, or a change of control mode (an
/// adaptive controller changes greens every cycle, so no green change bounds it).
/// </summary>
public static class SignalPlanChange
{
    public const string MaxGreenChange = "maxGreenChangeSeconds";
    public const string CycleChange = "cycleChangeSeconds";

    private static readonly HashSet<string> PlanAttributes = ["phases", "cycleLength", "controlMode"];

    /// <param name="current">The signal as the twin holds it, normalized NGSI-LD.</param>
    /// <param name="patch">The attributes the effect writes, normalized NGSI-LD.</param>
    public static EffectMeasurement Measure(string signalId, JsonElement current, JsonElement patch)
    {
        foreach (var attribute in patch.EnumerateObject())
        {
            if (!PlanAttributes.Contains(attribute.Name))
                return EffectMeasurement.Refused($"{signalId}: the effect writes {attribute.Name}, which is not part of a signal plan");
        }
        var heldPhases = Durations(current, out var heldShape);
        if (heldPhases is null) return EffectMeasurement.Refused($"{signalId}: the twin holds no phases with durations to compare with");
        var newShape = heldShape;
        var newPhases = patch.TryGetProperty("phases", out _) ? Durations(patch, out newShape) : heldPhases;
        if (newPhases is null) return EffectMeasurement.Refused($"{signalId}: the effect's phases have no durations");
        if (newShape != heldShape)
            return EffectMeasurement.Refused($"{signalId}: the effect changes the phases' movements or their number, not only their durations");
        if (newPhases.Any(d => !double.IsFinite(d) || d <= 0))
            return EffectMeasurement.Refused($"{signalId}: the effect gives a phase a duration that is not positive");
        if (Text(patch, "controlMode") is { } mode && mode != Text(current, "controlMode"))
            return EffectMeasurement.Refused($"{signalId}: the effect changes the control mode to {mode}; a change of mode is for an operator");

        var heldCycle = Number(current, "cycleLength") ?? heldPhases.Sum();
        var newCycle = Number(patch, "cycleLength") ?? newPhases.Sum();
        if (Math.Abs(newCycle - newPhases.Sum()) > 0.5)
            return EffectMeasurement.Refused($"{signalId}: the effect's cycleLength {newCycle} s is not the sum of its phases, {newPhases.Sum()} s");
        var greenChange = heldPhases.Zip(newPhases, (held, next) => Math.Abs(next - held)).DefaultIfEmpty(0).Max();
        return new EffectMeasurement(new Dictionary<string, double>
        {
            [MaxGreenChange] = greenChange,
            [CycleChange] = Math.Abs(newCycle - heldCycle),
        });
    }

    /// <summary>The phases' durations, and their shape (each phase without its duration) to see what else changed.</summary>
    private static double[]? Durations(JsonElement entity, out string shape)
    {
        shape = "";
        if (!entity.TryGetProperty("phases", out var phases) || Value(phases) is not { ValueKind: JsonValueKind.Array } list) return null;
        var durations = new List<double>();
        var rest = new List<string>();
        foreach (var phase in list.EnumerateArray())
        {
            if (phase.ValueKind != JsonValueKind.Object || !phase.TryGetProperty("duration", out var d) || d.ValueKind != JsonValueKind.Number) return null;
            durations.Add(d.GetDouble());
            rest.Add(string.Join(",", phase.EnumerateObject().Where(p => p.Name != "duration").OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.Value.GetRawText()}")));
        }
        shape = string.Join(";", rest);
        return [.. durations];
    }

    private static JsonElement? Value(JsonElement attribute) =>
        attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("value", out var value) ? value : null;

    private static double? Number(JsonElement entity, string name) =>
        entity.TryGetProperty(name, out var a) && Value(a) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    private static string? Text(JsonElement entity, string name) =>
        entity.TryGetProperty(name, out var a) && Value(a) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}
