namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The disease and the run: SEIR with exponentially distributed latent and infectious periods (their means in days),
/// advanced in steps of <see cref="StepDays"/>. A latent period of 0 makes it SIR.
/// </summary>
public sealed record EpidemicOptions
{
    public double LatentDays { get; init; } = 3;
    public double InfectiousDays { get; init; } = 5;
    /// <summary>One agent-step is one agent over this many days; 1 by default.</summary>
    public double StepDays { get; init; } = 1;
    public int Days { get; init; } = 365;
    /// <summary>Agents infectious at day 0, drawn at random.</summary>
    public int InitialInfections { get; init; } = 10;
    public ulong Seed { get; init; } = 42;
    /// <summary>Who is admitted, moved to intensive care and dies, by age band; <see cref="Severity.None"/> for plain SEIR.</summary>
    public Severity Severity { get; init; } = new();
    public IReadOnlyList<Intervention> Interventions { get; init; } = [];

    /// <summary>Each option's problem, naming it; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems(Population population)
    {
        ArgumentNullException.ThrowIfNull(population);
        var problems = new List<string>(Severity.Problems());
        var layers = population.Layers.Select(l => l.Name).ToList();
        for (int k = 0; k < Interventions.Count; k++) problems.AddRange(Interventions[k].Problems(k, layers));
        if (!(LatentDays >= 0) || double.IsInfinity(LatentDays)) problems.Add($"latentDays must be a finite number ≥ 0, not {LatentDays}");
        if (!(InfectiousDays > 0) || double.IsInfinity(InfectiousDays)) problems.Add($"infectiousDays must be a finite number > 0, not {InfectiousDays}");
        if (!(StepDays > 0) || StepDays > 7) problems.Add($"stepDays must be in (0, 7], not {StepDays}");
        if (Days < 1) problems.Add($"days must be at least 1, not {Days}");
        if (InitialInfections < 1 || InitialInfections > population.Count) problems.Add($"initialInfections must be in 1..{population.Count} (the population), not {InitialInfections}");
        return problems;
    }

    /// <summary>Chance per step that a latent agent becomes infectious (1 with no latent period).</summary>
    public float LatentEndChance => LatentDays == 0 ? 1f : (float)-double.ExpM1(-StepDays / LatentDays);

    /// <summary>Chance per step that an infectious agent's infectious period ends.</summary>
    public float RecoveryChance => (float)-double.ExpM1(-StepDays / InfectiousDays);

    internal Chances Chances => new(LatentEndChance, RecoveryChance, (float)-double.ExpM1(-StepDays / Severity.WardDays),
        (float)-double.ExpM1(-StepDays / Severity.CriticalDays));

    /// <summary>
    /// The transmission rate (per day, well mixed) that gives <paramref name="r0"/> in this discrete model: a case is
    /// counted infectious at K step starts, K geometric with mean 1 / RecoveryChance, and infects β · StepDays per
    /// susceptible fraction at each, so R0 = β · StepDays / RecoveryChance exactly.
    /// </summary>
    public double BetaForR0(double r0) => r0 * RecoveryChance / StepDays;
}
