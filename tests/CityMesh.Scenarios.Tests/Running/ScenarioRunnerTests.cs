using CityMesh.Simulation;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>The shipped examples, run end to end on the Jinan network (managed kernels, shortened where noted).</summary>
public sealed class ScenarioRunnerTests : IDisposable
{
    private readonly string _results = Path.Combine(Path.GetTempPath(), $"citymesh-scenario-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_results)) Directory.Delete(_results, recursive: true);
    }

    private static (TwinScenario Scenario, InputFiles Inputs) Example(string name)
    {
        string path = RepositoryFiles.Example(name);
        var scenario = ScenarioDocument.Load(path);
        Assert.Empty(ScenarioValidator.Validate(scenario));
        return (scenario, new InputFiles(Path.GetDirectoryName(path)!, "/nonexistent", RepositoryFiles.WithSharedData()));
    }

    private ScenarioRunOptions Options(InputFiles inputs, IReadOnlyList<int>? members = null) =>
        new(_results, inputs, members, ComputeSelector.Select("managed"));

    [Fact]
    public void Signal_retiming_example_compares_max_pressure_and_longer_cycles_with_the_baseline()
    {
        var (scenario, inputs) = Example("jinan-signal-retiming.yaml");
        var reports = new List<ScenarioProgress>();
        var result = ScenarioRunner.Run(scenario, Options(inputs), new InlineProgress<ScenarioProgress>(reports.Add));

        var kpis = result.Kpis;
        Assert.Equal(["max-pressure", "longer-central-cycles"], kpis.Interventions.Select(i => i.Name));
        Assert.Equal(scenario.Spec.Outputs.Kpis.Order(), kpis.Baseline.Keys.Order());
        Assert.InRange(kpis.Baseline[KpiNames.MeanTravelTime], 60, 3600);
        var maxPressure = kpis.Interventions[0];
        // CityFlow's published Jinan figures and our own bench agree: max pressure waits far less than fixed time.
        Assert.True(maxPressure.Values[KpiNames.MeanWaitingTime] < kpis.Baseline[KpiNames.MeanWaitingTime]);
        Assert.Equal(Math.Round((maxPressure.Values[KpiNames.MeanWaitingTime] - kpis.Baseline[KpiNames.MeanWaitingTime]) / kpis.Baseline[KpiNames.MeanWaitingTime] * 100, 2),
            maxPressure.ChangePercent[KpiNames.MeanWaitingTime], 2);
        Assert.Contains("retimed 2 signals", result.Runs.Single(r => r.Variant == "longer-central-cycles").Notes);

        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Fraction >= p.First.Fraction), "progress never goes back");
        Assert.All(result.Runs, r => Assert.Equal(3600, r.Summary.Time, 3));
    }

    [Fact]
    public void Lane_closure_example_writes_every_runs_outputs_and_means_over_the_ensemble()
    {
        var (scenario, inputs) = Example("jinan-lane-closure.yaml");
        scenario = scenario with { Spec = scenario.Spec with { Horizon = "20m" } };
        var result = ScenarioRunner.Run(scenario, Options(inputs));

        Assert.Equal(2 * 4, result.Runs.Count);
        Assert.Equal(2, result.Kpis.Runs);
        Assert.Equal([7UL, 8UL], result.Runs.Select(r => r.Seed).Distinct());
        foreach (var run in result.Runs)
            Assert.True(File.Exists(Path.Combine(run.Directory, "trips.csv")), $"{run.Directory}/trips.csv");
        var baselines = result.Runs.Where(r => r.Variant == "baseline").Select(r => r.Kpis[KpiNames.MeanTravelTime]).ToArray();
        Assert.Equal(baselines.Average(), result.Kpis.Baseline[KpiNames.MeanTravelTime], 6);

        var closed = result.Runs.First(r => r.Variant == "road-closed");
        Assert.Matches(@"closed road_2_2_0: [\d,]+ trips rerouted, [\d,]+ cancelled", closed.Notes.Single());
        var fewer = result.Runs.First(r => r.Variant == "road-closed-less-demand");
        Assert.True(fewer.Summary.TripsTotal < closed.Summary.TripsTotal);

        var saved = JsonSerializer.Deserialize<KpiReport>(File.ReadAllText(Path.Combine(_results, "kpis.json")), ScenarioJson.Options)!;
        Assert.Equal(result.Kpis.Baseline, saved.Baseline);
        string html = ScenarioReport.Html(scenario, result);
        Assert.Contains("<svg", html);
        foreach (var name in new[] { "one-lane-closed", "road-closed", "road-closed-less-demand" }) Assert.Contains(name, html);
    }

    [Fact]
    public void A_worker_runs_only_its_member()
    {
        var (scenario, inputs) = Example("jinan-lane-closure.yaml");
        scenario = scenario with { Spec = scenario.Spec with { Horizon = "5m", Interventions = [] } };
        var result = ScenarioRunner.Run(scenario, Options(inputs, members: [1]));
        Assert.Equal(8UL, result.Runs.Single().Seed);
        Assert.True(Directory.Exists(Path.Combine(_results, "1", "baseline")));
    }

    [Fact]
    public void Names_the_field_when_the_network_lacks_a_junction_or_road_or_the_file_is_missing()
    {
        var (scenario, inputs) = Example("jinan-signal-retiming.yaml");
        var badJunction = scenario with
        {
            Spec = scenario.Spec with { Interventions = [new InterventionSpec { Name = "x", Signals = new SignalIntervention { Plans = [new SignalPlanSpec { Junction = "intersection_9_9", CycleScale = 2 }] } }] },
        };
        var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(badJunction, Options(inputs)));
        Assert.Equal("spec.interventions[0].signals.plans[0].junction", error.Field);
        Assert.Contains("no junction 'intersection_9_9'", error.Message);

        var badRoad = scenario with { Spec = scenario.Spec with { Interventions = [new InterventionSpec { Name = "x", Closures = [new ClosureSpec { Edge = "road_9" }] }] } };
        Assert.Equal("spec.interventions[0].closures[0].edge", Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(badRoad, Options(inputs))).Field);

        var badLane = scenario with { Spec = scenario.Spec with { Interventions = [new InterventionSpec { Name = "x", Closures = [new ClosureSpec { Edge = "road_2_2_0", Lanes = [5] }] }] } };
        var laneError = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(badLane, Options(inputs)));
        Assert.Equal("spec.interventions[0].closures", laneError.Field);
        Assert.Contains("has no lane 5", laneError.Message);

        var missing = scenario with { Spec = scenario.Spec with { Baseline = scenario.Spec.Baseline! with { Network = new FileSource { Path = "nowhere.json" } } } };
        var fileError = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(missing, Options(inputs)));
        Assert.Equal("spec.baseline.network.path", fileError.Field);
        Assert.Contains("file not found", fileError.Message);

        var configMap = scenario with { Spec = scenario.Spec with { Baseline = scenario.Spec.Baseline! with { Network = new FileSource { ConfigMap = new ConfigMapKey("jinan", "roadnet.json") } } } };
        Assert.Contains("ConfigMap 'jinan' key 'roadnet.json' is not mounted", Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(configMap, Options(inputs))).Message);
    }
}
