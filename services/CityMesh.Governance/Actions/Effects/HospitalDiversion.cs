using System.Globalization;
using System.Text.Json;
using CityMesh.Twin.Client;

namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// Measures turning a hospital's ambulances away (or letting them back): how long the diversion would last from now
/// (<c>diversionHours</c>; 0 when it ends one), and for surge beds how many are opened or closed
/// (<c>surgeBedsChange</c>). It cannot vouch for other attributes, a diversion without an end, or an end in the past.
/// </summary>
public static class HospitalDiversion
{
    public const string DiversionHours = "diversionHours";
    public const string SurgeBedsChange = "surgeBedsChange";

    private static readonly HashSet<string> Attributes = ["diversionStatus", "divertTo", "divertUntil", "surgeBeds"];

    public static EffectMeasurement Measure(string hospitalId, JsonElement current, JsonElement patch, DateTimeOffset now)
    {
        foreach (var attribute in patch.EnumerateObject())
            if (!Attributes.Contains(attribute.Name))
                return EffectMeasurement.Refused($"{hospitalId}: the effect writes {attribute.Name}, which is not part of a diversion or surge");
        var written = new NgsiEntity(patch);
        var measures = new Dictionary<string, double>();
        if (written.TextOrNull("diversionStatus") is { } status)
        {
            if (status == "diverting")
            {
                if (written.TextOrNull("divertUntil") is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
                    return EffectMeasurement.Refused($"{hospitalId}: a diversion needs divertUntil, when it ends");
                if (until <= now) return EffectMeasurement.Refused($"{hospitalId}: divertUntil {text} has passed");
                measures[DiversionHours] = Math.Round((until - now).TotalHours, 3);
            }
            else measures[DiversionHours] = 0;
        }
        if (written.NumberOrNull("surgeBeds") is { } surge)
            measures[SurgeBedsChange] = surge - (new NgsiEntity(current).NumberOrNull("surgeBeds") ?? 0);
        return measures.Count == 0 ? EffectMeasurement.Refused($"{hospitalId}: the effect changes neither diversion nor surge beds") : new EffectMeasurement(measures);
    }
}
