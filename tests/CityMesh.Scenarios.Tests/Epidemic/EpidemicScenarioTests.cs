using CityMesh.Compute;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Epidemic;

/// <summary>The epidemic simulation as a scenario: the example validates, runs variants and members, and bad specs are refused by field.</summary>
public sealed class EpidemicScenarioTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-epidemic-{Guid.NewGuid():N}");
    private static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("outbreak-school-closure.yaml"));

    public EpidemicScenarioTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TwinScenario Small => Example with
    {
        Spec = Example.Spec with { Epidemic = Example.Spec.Epidemic! with { Population = 30_000, Days = 200 }, Ensemble = 3 },
    };

    [Fact]
    public void The_example_validates()
    {
        Assert.Empty(ScenarioValidator.Validate(Example));
        Assert.Equal(SimulationKinds.Epidemic, Example.Spec.Simulation);
        Assert.Equal(["schools-closed", "schools-and-offices"], Example.Spec.Interventions.Select(i => i.Name));
    }

    [Fact]
    public void Each_member_runs_the_baseline_and_every_variant_and_the_kpis_carry_their_bands()
    {
        var result = ScenarioRunner.Run(Small, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory),
            Compute: ComputeSelector.Select(ComputeBackendKind.Managed)));
        var kpis = result.Kpis;

        Assert.Equal(3, kpis.Runs);
        foreach (var member in new[] { "0", "1", "2" })
            foreach (var variant in new[] { "baseline", "schools-closed", "schools-and-offices" })
            {
                var curve = File.ReadAllLines(Path.Combine(result.ResultsDirectory, member, variant, "curve.csv"));
                Assert.StartsWith("day,susceptible,exposed,infectious,recovered,hospitalised,icu,dead", curve[0], StringComparison.Ordinal);
                Assert.True(curve.Length > 30, $"{member}/{variant}: {curve.Length} lines");
            }
        foreach (var values in new[] { kpis.Baseline }.Concat(kpis.Interventions.Select(i => i.Values)))
            foreach (var kpi in EpidemicRunner.Kpis.Where(values.ContainsKey))
                Assert.InRange(values[kpi], values[kpi + "Low"], values[kpi + "High"]);
        // The outbreak took off, and closing schools and offices for two months lowered its peak.
        Assert.InRange(kpis.Baseline[EpidemicRunner.AttackRate], 30, 99);
        Assert.DoesNotContain(HospitalLoads.DaysOverCapacity, kpis.Baseline.Keys); // a synthetic population has no hospitals
        var both = kpis.Interventions.Single(i => i.Name == "schools-and-offices");
        Assert.True(both.Values[EpidemicRunner.PeakInfectious] < kpis.Baseline[EpidemicRunner.PeakInfectious],
            $"peak {both.Values[EpidemicRunner.PeakInfectious]} with, {kpis.Baseline[EpidemicRunner.PeakInfectious]} without");
        Assert.True(both.ChangePercent[EpidemicRunner.PeakInfectious] < 0);
        Assert.True(File.Exists(Path.Combine(result.ResultsDirectory, "kpis.json")));

        var html = ScenarioReport.Html(Small, result);
        Assert.Contains("infectious people, member 0", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.Contains("peakHospitalised", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_epidemic_specs_are_refused_naming_the_field()
    {
        var variant = Example.Spec.Interventions[0];
        var bad = Example with
        {
            Spec = Example.Spec with
            {
                Epidemic = Example.Spec.Epidemic! with { Population = 10, InfectiousDays = 0 },
                Interventions =
                [
                    variant with { Epidemic = variant.Epidemic! with { SchoolClosure = new DayWindowSpec { FromDay = 30, UntilDay = 10 } } },
                    new InterventionSpec { Name = "nothing", Epidemic = new EpidemicInterventionSpec() },
                    new InterventionSpec { Name = "signals", DemandScale = 1.2 },
                    new InterventionSpec { Name = "choir", Epidemic = new EpidemicInterventionSpec { ContactReductions = [new ContactReductionSpec { Layer = "choir", Share = 2 }] } },
                ],
                Outputs = Example.Spec.Outputs with { Kpis = ["meanTravelTime"] },
            },
        };
        var fields = ScenarioValidator.Validate(bad).Select(e => e.Field).ToList();
        Assert.Contains("spec.epidemic.population", fields);
        Assert.Contains("spec.epidemic.infectiousDays", fields);
        Assert.Contains("spec.interventions[0].epidemic.schoolClosure.untilDay", fields);
        Assert.Contains("spec.interventions[1]", fields);
        Assert.Contains("spec.interventions[2]", fields);
        Assert.Contains("spec.interventions[3].epidemic.contactReductions[0].layer", fields);
        Assert.Contains("spec.interventions[3].epidemic.contactReductions[0].share", fields);
        Assert.Contains("spec.outputs.kpis", fields);

        // And epidemic fields on a traffic scenario.
        var traffic = ScenarioDocument.Load(RepositoryFiles.Example("jinan-lane-closure.yaml"));
        var mixed = traffic with { Spec = traffic.Spec with { Epidemic = new EpidemicSpec() } };
        Assert.Contains(ScenarioValidator.Validate(mixed), e => e.Field == "spec.epidemic" && e.Reason == ValidationReasons.NotForSimulation);
    }
}
