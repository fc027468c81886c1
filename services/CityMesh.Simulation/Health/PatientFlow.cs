namespace CityMesh.Simulation.Health;

/// <summary>
/// A hospital as a queueing network for what-if questions (surge beds, more staff): patients arrive at
/// <see cref="ArrivalsPerHour"/> (Poisson), are triaged, treated in the emergency department, then discharged or
/// admitted to a ward or to intensive care, where they hold a bed for their stay. An admitted patient keeps its ED
/// bed until a ward or ICU bed is free (boarding). Times are exponential with the given means, in minutes.
/// </summary>
public sealed record PatientFlow
{
    public double ArrivalsPerHour { get; init; } = 10;
    public int TriageNurses { get; init; } = 2;
    public double TriageMinutes { get; init; } = 8;
    public int EdBeds { get; init; } = 20;
    public double EdMinutes { get; init; } = 150;
    /// <summary>Share of ED patients admitted to a ward, and to intensive care; the rest go home.</summary>
    public double WardShare { get; init; } = 0.25;
    public double IcuShare { get; init; } = 0.03;
    public int WardBeds { get; init; } = 180;
    public double WardDays { get; init; } = 4.5;
    public int IcuBeds { get; init; } = 16;
    public double IcuDays { get; init; } = 5;
    /// <summary>
    /// Ward and ICU beds already held at time 0: a hospital as it is now rather than empty. Stays are exponential, so
    /// what is left of each is exponential with the same mean (memoryless), and the start is exact for this model.
    /// </summary>
    public int WardOccupiedAtStart { get; init; }
    public int IcuOccupiedAtStart { get; init; }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Positive(string name, double value) { if (!(value > 0) || double.IsInfinity(value)) problems.Add($"{name} must be a finite number > 0, not {value}"); }
        void AtLeastOne(string name, int value) { if (value < 1) problems.Add($"{name} must be at least 1, not {value}"); }
        Positive("arrivalsPerHour", ArrivalsPerHour);
        AtLeastOne("triageNurses", TriageNurses);
        Positive("triageMinutes", TriageMinutes);
        AtLeastOne("edBeds", EdBeds);
        Positive("edMinutes", EdMinutes);
        AtLeastOne("wardBeds", WardBeds);
        Positive("wardDays", WardDays);
        AtLeastOne("icuBeds", IcuBeds);
        Positive("icuDays", IcuDays);
        if (WardOccupiedAtStart < 0 || WardOccupiedAtStart > WardBeds) problems.Add($"wardOccupiedAtStart must be within [0, wardBeds = {WardBeds}], not {WardOccupiedAtStart}");
        if (IcuOccupiedAtStart < 0 || IcuOccupiedAtStart > IcuBeds) problems.Add($"icuOccupiedAtStart must be within [0, icuBeds = {IcuBeds}], not {IcuOccupiedAtStart}");
        if (!(WardShare >= 0 && IcuShare >= 0 && WardShare + IcuShare <= 1))
            problems.Add($"wardShare and icuShare must be ≥ 0 and add up to at most 1, not {WardShare} and {IcuShare}");
        return problems;
    }
}

/// <summary>One stage's figures over a run: how many were served, waited, for how long, and how busy it was.</summary>
/// <param name="WaitedShare">Share of those served who waited at all before service.</param>
/// <param name="MeanWaitMinutes">Mean wait before service, over everyone served.</param>
/// <param name="Utilisation">Mean busy servers (beds held) over servers.</param>
public sealed record StageFigures(string Stage, long Served, double WaitedShare, double MeanWaitMinutes, double P95WaitMinutes, double Utilisation);

/// <summary>A patient-flow run's figures, stage by stage, and the patients' mean time in the ED (boarding included).</summary>
public sealed record PatientFlowResult(IReadOnlyList<StageFigures> Stages, long Arrivals, double MeanEdLengthOfStayMinutes, double SimulatedDays);
