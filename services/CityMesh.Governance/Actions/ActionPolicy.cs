namespace CityMesh.Governance.Actions;

/// <summary>
/// How one action type is governed: its autonomy level and, for <see cref="AutonomyLevel.ActWithinGuardrails"/>, the
/// limit on each measure (e.g. <c>maxGreenChangeSeconds: 10</c>) a proposal must stay within to run on its own.
/// </summary>
public sealed record ActionPolicy
{
    public AutonomyLevel Autonomy { get; init; } = AutonomyLevel.ApproveThenAct;

    /// <summary>Measure name → the largest magnitude allowed without an operator (compared by absolute value).</summary>
    public Dictionary<string, double> Limits { get; init; } = new(StringComparer.Ordinal);
}
