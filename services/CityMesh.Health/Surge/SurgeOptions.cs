namespace CityMesh.Health.Surge;

/// <summary>
/// When and how large a surge of beds is proposed (<c>CityMesh:Health:Surge</c>). Each candidate size is tried in a
/// patient-flow simulation of the hospital's alerted bed type as it is now; the smallest that keeps admitted patients'
/// mean wait for a bed under the target is proposed.
/// </summary>
public sealed record SurgeOptions
{
    /// <summary>A surge is sized to keep admitted patients' mean wait for a bed (boarding) under this.</summary>
    public double TargetBoardingMinutes { get; init; } = 60;

    /// <summary>Candidates are multiples (1, 2, 4, 8) of this share of the bed type's staffed beds, rounded up to 5 beds.</summary>
    public double StepShare { get; init; } = 0.02;

    /// <summary>The load is projected this far along the occupancy trend (never below the beds occupied now).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Simulated days per candidate; the surge is proposed for as long.</summary>
    public double SimulationDays { get; init; } = 7;

    /// <summary>Mean stays, days, when the twin gives none: England's general and acute average and a typical ICU stay.</summary>
    public double WardDays { get; init; } = 4.5;
    public double IcuDays { get; init; } = 5;

    /// <summary>How long a proposal waits for a decision.</summary>
    public TimeSpan ProposalLifetime { get; init; } = TimeSpan.FromHours(2);

    internal void Validate(string section)
    {
        static void Require(bool ok, string key, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{key} is {value}; it must be {rule}.");
        }
        Require(TargetBoardingMinutes is > 0 and < 10_000, $"{section}:TargetBoardingMinutes", TargetBoardingMinutes, "above 0 and below 10000");
        Require(StepShare is > 0 and <= 0.5, $"{section}:StepShare", StepShare, "above 0 and at most 0.5");
        Require(Horizon >= TimeSpan.Zero && Horizon <= TimeSpan.FromDays(14), $"{section}:Horizon", Horizon, "between 0 and 14 days");
        Require(SimulationDays is >= 1 and <= 60, $"{section}:SimulationDays", SimulationDays, "between 1 and 60");
        Require(WardDays is > 0 and <= 365, $"{section}:WardDays", WardDays, "above 0 and at most 365");
        Require(IcuDays is > 0 and <= 365, $"{section}:IcuDays", IcuDays, "above 0 and at most 365");
        Require(ProposalLifetime > TimeSpan.Zero, $"{section}:ProposalLifetime", ProposalLifetime, "positive");
    }
}
