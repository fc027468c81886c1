using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Messaging;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Worker;
using CityMesh.Simulation.Synthetic.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Scenarios.Tests.Synthetic;

/// <summary>The synthetic-data simulations run as scenarios: locally (every member) and through the worker (one).</summary>
public sealed class SyntheticRunTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-synthetic-{Guid.NewGuid():N}");
    private static readonly ComputeSelection Managed = ComputeSelector.Select(ComputeBackendKind.Managed);

    public SyntheticRunTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TwinScenario SmallPlates()
    {
        var s = ScenarioDocument.Load(RepositoryFiles.Example("plates-training-set.yaml"));
        return s with { Spec = s.Spec with { Ensemble = 2, Plates = s.Spec.Plates! with { Count = 5 } } };
    }

    private static TwinScenario SmallTelemetry(bool publish = false)
    {
        var s = ScenarioDocument.Load(RepositoryFiles.Example("sensor-faults.yaml"));
        return s with
        {
            Spec = s.Spec with
            {
                Telemetry = s.Spec.Telemetry! with { DurationHours = 48, SitesPerKind = 2 },
                Outputs = s.Spec.Outputs with { Publish = publish },
            },
        };
    }

    private ScenarioRunResult Run(TwinScenario scenario, IReadOnlyList<SensorSite>? sites = null) =>
        ScenarioRunner.Run(scenario, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Compute: Managed, SensorSites: sites));

    [Fact]
    public void Each_plates_member_writes_its_own_data_set_and_the_figures_are_the_kpis()
    {
        var result = Run(SmallPlates());

        foreach (var member in new[] { "0", "1" })
        {
            string dir = Path.Combine(result.ResultsDirectory, member);
            Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "images"), "*.png").Length);
            Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "labels"), "*.txt").Length);
            Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "manifest.jsonl")).Length);
        }
        // Seeds 7 and 8: the members' images differ.
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(result.ResultsDirectory, "0", "images", "00000000.png")),
            File.ReadAllBytes(Path.Combine(result.ResultsDirectory, "1", "images", "00000000.png")));
        Assert.Equal(5, result.Kpis.Baseline["images"]);
        Assert.True(result.Kpis.Baseline["characters"] >= 5 * 6);
        Assert.Equal(2, result.Kpis.Runs);
        Assert.Empty(result.Kpis.Interventions);
        var written = JsonSerializer.Deserialize<KpiReport>(File.ReadAllText(Path.Combine(result.ResultsDirectory, "kpis.json")), ScenarioJson.Options)!;
        Assert.Equal(result.Kpis.Baseline["images"], written.Baseline["images"]);
    }

    [Fact]
    public void A_telemetry_scenario_writes_series_and_labels_and_reproduces_them_for_its_seed()
    {
        var first = Run(SmallTelemetry());
        string labels = File.ReadAllText(Path.Combine(first.ResultsDirectory, "0", TelemetryDataset.LabelsFile));
        string series = File.ReadAllText(Path.Combine(first.ResultsDirectory, "0", TelemetryDataset.SeriesFile));

        var again = Run(SmallTelemetry());

        Assert.Equal(labels, File.ReadAllText(Path.Combine(again.ResultsDirectory, "0", TelemetryDataset.LabelsFile)));
        Assert.Equal(series, File.ReadAllText(Path.Combine(again.ResultsDirectory, "0", TelemetryDataset.SeriesFile)));
        Assert.Equal(8, first.Kpis.Baseline["sensors"]); // 2 per kind, 4 kinds
        Assert.True(first.Kpis.Baseline["samples"] > 0);
        Assert.Equal(File.ReadAllLines(Path.Combine(first.ResultsDirectory, "0", TelemetryDataset.LabelsFile)).Length - 1, first.Kpis.Baseline["anomalies"]);
    }

    [Fact]
    public void Sensors_from_the_twin_without_a_twin_is_an_error_naming_the_field()
    {
        var scenario = SmallTelemetry();
        scenario = scenario with { Spec = scenario.Spec with { Telemetry = scenario.Spec.Telemetry! with { Sites = TelemetrySynthesisOptions.TwinSites } } };

        var e = Assert.Throws<ScenarioInputException>(() => Run(scenario));

        Assert.Equal("spec.telemetry.sites", e.Field);
        Assert.Contains(WorkerContract.TwinUrlEnv, e.Message);
    }

    [Fact]
    public void Given_sites_are_the_sensors_generated_for()
    {
        var scenario = SmallTelemetry();
        scenario = scenario with { Spec = scenario.Spec with { Telemetry = scenario.Spec.Telemetry! with { Sites = TelemetrySynthesisOptions.TwinSites, Kinds = [SensorKinds.WaterMain] } } };
        SensorSite[] sites = [new("urn:ngsi-ld:WaterMain:jinan:a", SensorKinds.WaterMain, 36.66, 117.02), new("urn:ngsi-ld:WaterMain:jinan:b", SensorKinds.WaterMain, 36.67, 117.03)];

        var result = Run(scenario, sites);

        var written = File.ReadAllLines(Path.Combine(result.ResultsDirectory, "0", TelemetryDataset.SitesFile)).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(sites.Select(s => s.Id), written);
    }

    [Fact]
    public async Task The_worker_runs_its_plates_member_and_reports_the_figures()
    {
        await using var bus = new InMemoryEventBus();
        var (exitCode, termination) = await RunWorkerAsync(SmallPlates(), member: 1, bus);

        Assert.Null(exitCode);
        var kpis = JsonSerializer.Deserialize<KpiReport>(termination, ScenarioJson.Options)!;
        Assert.Equal(5, kpis.Baseline["images"]);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(_directory, "worker", "1", "images"), "*.png").Length);
        Assert.False(Directory.Exists(Path.Combine(_directory, "worker", "0")));
    }

    [Fact]
    public async Task The_worker_publishes_a_telemetry_member_on_telemetry_raw_when_asked()
    {
        await using var bus = new InMemoryEventBus();
        var subjects = new HashSet<string>();
        await using var subscription = bus.Subscribe(Topics.TelemetryRaw, "test", (e, _) =>
        {
            lock (subjects) subjects.Add(e.Subject ?? "");
            return Task.CompletedTask;
        });

        var (exitCode, _) = await RunWorkerAsync(SmallTelemetry(publish: true), member: 0, bus);

        Assert.Null(exitCode);
        var sites = TelemetryDataset.Read(Path.Combine(_directory, "worker", "0")).Sites.Select(s => s.Id).Order().ToArray();
        for (var wait = 0; wait < 300 && Count() < sites.Length; wait++) await Task.Delay(100); // deliveries are asynchronous
        lock (subjects) Assert.Equal(sites, subjects.Order());

        int Count()
        {
            lock (subjects) return subjects.Count;
        }
    }

    private async Task<(int? ExitCode, string Termination)> RunWorkerAsync(TwinScenario scenario, int member, IEventBus bus)
    {
        var lifetime = new Lifetime();
        string termination = Path.Combine(_directory, "termination-log");
        int? exitCode = null;
        var settings = new WorkerSettings(scenario with { Metadata = scenario.Metadata with { Generation = 1 } }, member, Path.Combine(_directory, "worker"), null, null, null);
        var worker = new ScenarioWorker(settings, bus, lifetime, NullLogger<ScenarioWorker>.Instance, null, termination, code => exitCode = code);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, File.ReadAllText(termination));
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopped.TrySetResult();
    }
}
