using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Scenarios.Running;

/// <param name="Kpis">Means over the members run, with each intervention's change against the baseline.</param>
/// <param name="Runs">Every (member, variant) run in order.</param>
public sealed record ScenarioRunResult(KpiReport Kpis, IReadOnlyList<VariantRun> Runs, string ResultsDirectory);

/// <param name="TravelTimes">Durations of arrived trips, s: the report's distributions.</param>
/// <param name="Directory">Its CSV/JSON outputs.</param>
public sealed record VariantRun(
    int Member, ulong Seed, string Variant, IReadOnlyDictionary<string, double> Kpis, SimulationSummary Summary,
    IReadOnlyList<string> Notes, double[] TravelTimes, string Directory);
