using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// One run's changes: the baseline's sections, with those a variant gives replacing them (a variant's heat wave is the
/// heat wave of its run, not one added to the baseline's), and its load scale on top of loads.scale.
/// </summary>
/// <param name="Fields">Where each section was written ("spec.energy.outage" or "spec.interventions[1].energy.outage"), for messages.</param>
public sealed record EnergyVariant(
    string Name, HeatWaveSpec? HeatWave, EvAdoptionSpec? EvAdoption, PvGrowthSpec? PvGrowth, OutageSpec? Outage, double LoadScale,
    IReadOnlyDictionary<string, string> Fields)
{
    public const string Ev = "evAdoption", Pv = "pvGrowth", OutageSection = "outage";

    public string FieldOf(string section) => Fields.GetValueOrDefault(section, $"spec.energy.{section}");

    public static EnergyVariant Baseline(EnergySpec spec) =>
        new(TrafficVariant.BaselineName, spec.HeatWave, spec.EvAdoption, spec.PvGrowth, spec.Outage, spec.Loads.Scale, new Dictionary<string, string>());

    public static EnergyVariant Of(EnergySpec spec, string name, EnergyInterventionSpec change, int index)
    {
        var baseline = Baseline(spec);
        string at = $"spec.interventions[{index}].energy";
        var fields = new Dictionary<string, string>();
        if (change.EvAdoption is not null) fields[Ev] = $"{at}.{Ev}";
        if (change.PvGrowth is not null) fields[Pv] = $"{at}.{Pv}";
        if (change.Outage is not null) fields[OutageSection] = $"{at}.{OutageSection}";
        return new(name, change.HeatWave ?? baseline.HeatWave, change.EvAdoption ?? baseline.EvAdoption, change.PvGrowth ?? baseline.PvGrowth,
            change.Outage ?? baseline.Outage, baseline.LoadScale * (change.LoadScale ?? 1), fields);
    }
}
