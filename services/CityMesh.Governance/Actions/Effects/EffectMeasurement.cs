namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// What an action's effect would really change in the twin, measured by governance against the entities as they are
/// now: the measures guardrails limit, or why the effect cannot be measured (then it never runs on its own).
/// </summary>
public sealed record EffectMeasurement(IReadOnlyDictionary<string, double> Measures, string? Unmeasurable = null)
{
    public static EffectMeasurement Refused(string why) => new(new Dictionary<string, double>(), why);

    public bool Measured => Unmeasurable is null;
}
