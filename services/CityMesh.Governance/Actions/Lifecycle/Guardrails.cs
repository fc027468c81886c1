using System.Globalization;

namespace CityMesh.Governance.Actions.Lifecycle;

/// <summary>Whether a proposal may run without an operator, and the comparison that decided it (for the audit).</summary>
public sealed record GuardrailVerdict(bool WithinLimits, string Reason);

/// <summary>
/// The guardrail test of <see cref="AutonomyLevel.ActWithinGuardrails"/> on what the effect would really change
/// (<see cref="Effects.EffectMeter"/>): every limited measure must be present and, by magnitude, no more than its
/// limit (a change of -12 s is as large as +12 s). A measure that could not be taken counts against the action:
/// governance cannot vouch for what it cannot measure.
/// </summary>
public static class Guardrails
{
    public static GuardrailVerdict Check(Effects.EffectMeasurement measured, ActionPolicy policy)
    {
        if (!measured.Measured) return new GuardrailVerdict(false, $"outside guardrails, waits for an operator: {measured.Unmeasurable}");
        var measures = measured.Measures;
        var within = new List<string>();
        var outside = new List<string>();
        foreach (var (measure, limit) in policy.Limits.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!measures.TryGetValue(measure, out var value))
                outside.Add($"{measure} missing (limit {Number(limit)})");
            else if (!double.IsFinite(value) || Math.Abs(value) > limit)
                outside.Add($"{measure} {Number(value)} over limit {Number(limit)}");
            else
                within.Add($"{measure} {Number(value)} within limit {Number(limit)}");
        }
        if (policy.Limits.Count == 0) outside.Add("the policy sets no limits");
        return outside.Count == 0
            ? new GuardrailVerdict(true, "within guardrails: " + string.Join("; ", within))
            : new GuardrailVerdict(false, "outside guardrails, waits for an operator: " + string.Join("; ", outside));
    }

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
