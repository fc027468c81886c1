using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Running;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// The Baran &amp; Wu 33-bus feeder (../shared/data/energy/case33bw.m) as an energy scenario's grid: a July weekday at
/// Jinan, all buses residential (their weekday shape peaks at 1.0 at 19:00, so that hour is the case itself).
/// </summary>
internal static class EnergyCase
{
    public static string Case33 => Path.Combine(RepositoryFiles.SharedData(), "energy", "case33bw.m");

    /// <summary>Buses 2–33's peak loads in the case, kW (bus 1 is the slack).</summary>
    public const double TotalLoadKw = 3715;

    public static EnergySpec Day => new()
    {
        Grid = new EnergyGridSpec { File = new FileSource { Path = Case33 } },
        Site = new EnergySiteSpec { Latitude = 36.67, Longitude = 117.02, UtcOffsetHours = 8 },
    };

    public static TwinScenario Scenario(EnergySpec energy, params InterventionSpec[] variants) => new()
    {
        Metadata = new ObjectMeta { Name = "energy-test", Namespace = "test" },
        Spec = new TwinScenarioSpec { City = "test", Simulation = SimulationKinds.Energy, Energy = energy, Interventions = variants },
    };

    public static InterventionSpec Variant(string name, EnergyInterventionSpec change) => new() { Name = name, Energy = change };

    public static EnergyGrid Grid(EnergySpec spec) => EnergyGridSetup.Apply(new MatpowerGridSource(Case33, null).Read(), spec);

    /// <summary>The baseline of <paramref name="spec"/> on the 33-bus feeder, without files.</summary>
    public static EnergyOutcome Run(EnergySpec spec) => EnergyRunner.Simulate(Grid(spec), spec, EnergyVariant.Baseline(spec));
}
