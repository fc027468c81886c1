using System.Text;
using System.Text.Json;
using CityMesh.Messaging;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Scenarios.Tests.Worker;

public sealed class WorkerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-worker-{Guid.NewGuid():N}");

    public WorkerTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TwinScenario ShortJinan()
    {
        var scenario = ScenarioDocument.Load(RepositoryFiles.Example("jinan-lane-closure.yaml"));
        // The worker resolves paths from its working directory; the test gives absolute ones.
        string data = Path.GetDirectoryName(RepositoryFiles.Example("jinan-lane-closure.yaml"))!;
        var baseline = scenario.Spec.Baseline! with
        {
            Network = new FileSource { Path = Path.GetFullPath(scenario.Spec.Baseline!.Network!.Path!, data) },
            Demand = new FileSource { Path = Path.GetFullPath(scenario.Spec.Baseline!.Demand!.Path!, data) },
        };
        return scenario with
        {
            Metadata = scenario.Metadata with { Generation = 3 },
            Spec = scenario.Spec with { Horizon = "5m", Baseline = baseline, Interventions = scenario.Spec.Interventions.Take(1).ToArray() },
        };
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Settings_come_from_the_environment_and_name_what_is_wrong()
    {
        string json = ScenarioDocument.ToJson(ShortJinan());
        var settings = WorkerSettings.From(Env((WorkerContract.ScenarioEnv, json), (WorkerContract.CompletionIndexEnv, "1"), (WorkerContract.ResultsDirectoryEnv, "/r")), null);
        Assert.Equal(1, settings.Member);
        Assert.Equal("/r", settings.ResultsDirectory);
        Assert.Equal("jinan-lane-closure", settings.Scenario!.Metadata.Name);

        Assert.Contains("JOB_COMPLETION_INDEX=2 is not an ensemble member of 0..1",
            Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(Env((WorkerContract.ScenarioEnv, json), (WorkerContract.CompletionIndexEnv, "2")), null)).Message);
        Assert.Contains("set CITYMESH_SCENARIO", Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(Env(), null)).Message);
        Assert.Contains(WorkerContract.ScenarioEnv, Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(Env((WorkerContract.ScenarioEnv, "{\"apiVersion\": 5")), null)).Message);
        Assert.Equal("/data/x", WorkerSettings.From(Env(), "/data/x").CleanupDirectory);
    }

    [Fact]
    public void The_twin_url_comes_from_the_environment_and_a_bad_one_is_named()
    {
        string json = ScenarioDocument.ToJson(ShortJinan());
        Assert.Null(WorkerSettings.From(Env((WorkerContract.ScenarioEnv, json)), null).TwinUrl);
        Assert.Equal(new Uri("http://twin:8080/"), WorkerSettings.From(Env((WorkerContract.ScenarioEnv, json), (WorkerContract.TwinUrlEnv, "http://twin:8080")), null).TwinUrl);
        Assert.Contains("CITYMESH_TWIN_URL=twin:8080 is not an http(s) URL",
            Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(Env((WorkerContract.ScenarioEnv, json), (WorkerContract.TwinUrlEnv, "twin:8080")), null)).Message);
    }

    [Fact]
    public void The_termination_message_always_fits_and_stays_whole_JSON()
    {
        var values = KpiNames.All.ToDictionary(k => k, k => 12345.678);
        var report = new KpiReport
        {
            Baseline = values,
            Interventions = Enumerable.Range(0, 100).Select(i => new InterventionKpis { Name = $"intervention-{i}", Values = values, ChangePercent = values }).ToArray(),
        };
        string message = TerminationMessage.Of(report);
        Assert.True(Encoding.UTF8.GetByteCount(message) <= WorkerContract.TerminationMessageLimit);
        var parsed = JsonSerializer.Deserialize<KpiReport>(message, ScenarioJson.Options)!;
        Assert.Equal(values, parsed.Baseline);
        Assert.InRange(parsed.Interventions.Count, 1, 99);
        Assert.Equal(report.Interventions.Take(parsed.Interventions.Count).Select(i => i.Name), parsed.Interventions.Select(i => i.Name));
        Assert.All(parsed.Interventions, i => Assert.Empty(i.ChangePercent));
    }

    [Fact]
    public async Task Runs_its_member_writes_the_termination_message_publishes_results_and_stops_the_host()
    {
        var scenario = ShortJinan();
        var settings = new WorkerSettings(scenario, 1, Path.Combine(_directory, "results"), null, null, null, Limits: RepositoryFiles.WithSharedData());
        await using var bus = new InMemoryEventBus();
        var published = new TaskCompletionSource<CloudEvent>();
        await using var subscription = bus.Subscribe(Topics.ScenarioResults, "test", (e, _) => { published.TrySetResult(e); return Task.CompletedTask; });
        var lifetime = new StoppableLifetime();
        string termination = Path.Combine(_directory, "termination-log");
        int? exitCode = null;
        var worker = new ScenarioWorker(settings, bus, lifetime, NullLogger<ScenarioWorker>.Instance, null, termination, code => exitCode = code);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Null(exitCode);
        var kpis = JsonSerializer.Deserialize<KpiReport>(File.ReadAllText(termination), ScenarioJson.Options)!;
        Assert.True(kpis.Baseline[KpiNames.CompletedTrips] > 0);
        Assert.Equal("one-lane-closed", kpis.Interventions.Single().Name);
        Assert.True(File.Exists(Path.Combine(settings.ResultsDirectory, "1", "baseline", "trips.csv")));
        Assert.True(File.Exists(Path.Combine(settings.ResultsDirectory, "report.html")));

        var results = await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var payload = results.Data.Deserialize<ScenarioResults>(ScenarioJson.Options)!;
        Assert.Equal((1, 3L, "jinan-lane-closure"), (payload.Member, payload.Generation!.Value, payload.Name!));
        Assert.Equal(kpis.Baseline, payload.Kpis.Baseline);
    }

    [Fact]
    public async Task A_scenario_that_does_not_fit_its_inputs_fails_with_exit_code_1_and_says_why()
    {
        var scenario = ShortJinan() with { };
        scenario = scenario with { Spec = scenario.Spec with { Interventions = [new InterventionSpec { Name = "x", Closures = [new ClosureSpec { Edge = "road_nowhere" }] }] } };
        var lifetime = new StoppableLifetime();
        string termination = Path.Combine(_directory, "termination-log");
        int? exitCode = null;
        await using var bus = new InMemoryEventBus();
        var worker = new ScenarioWorker(new WorkerSettings(scenario, 0, Path.Combine(_directory, "r"), null, null, null, Limits: RepositoryFiles.WithSharedData()), bus, lifetime,
            NullLogger<ScenarioWorker>.Instance, null, termination, code => exitCode = code);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, exitCode);
        Assert.Contains("spec.interventions[0].closures[0].edge: no road 'road_nowhere'", File.ReadAllText(termination));
    }

    [Fact]
    public async Task A_worker_without_input_roots_reads_no_file_its_scenario_names_outside_them()
    {
        // The operator's JSON scenario has no folder of its own: only the input roots (and mounted ConfigMaps) may be read.
        var lifetime = new StoppableLifetime();
        string termination = Path.Combine(_directory, "termination-log");
        int? exitCode = null;
        await using var bus = new InMemoryEventBus();
        var worker = new ScenarioWorker(new WorkerSettings(ShortJinan(), 0, Path.Combine(_directory, "r"), null, null, null), bus, lifetime,
            NullLogger<ScenarioWorker>.Instance, null, termination, code => exitCode = code);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, exitCode);
        Assert.Contains("spec.baseline.network.path: ", File.ReadAllText(termination));
        Assert.Contains("outside every allowed folder (there are none)", File.ReadAllText(termination));
    }

    [Fact]
    public void A_scenario_file_given_to_the_worker_makes_its_folder_an_allowed_one()
    {
        string file = Path.Combine(_directory, "s.yaml");
        File.WriteAllText(file, ScenarioDocument.ToYaml(ShortJinan()));

        var settings = WorkerSettings.From(Env((WorkerContract.ScenarioFileEnv, file)), null);

        Assert.Equal(_directory, settings.ScenarioDirectory);
        Assert.Equal(_directory, settings.Inputs.ScenarioDirectory);
        Assert.Equal(WorkerContract.ConfigMapRoot, settings.Inputs.ConfigMapRoot);
    }

    [Fact]
    public async Task Cleanup_mode_removes_the_artifacts_directory()
    {
        string artifacts = Path.Combine(_directory, "ns", "name");
        Directory.CreateDirectory(Path.Combine(artifacts, "3", "0"));
        File.WriteAllText(Path.Combine(artifacts, "3", "0", "trips.csv"), "x");
        var lifetime = new StoppableLifetime();
        await using var bus = new InMemoryEventBus();
        var worker = new ScenarioWorker(new WorkerSettings(null, 0, "", artifacts, null, null), bus, lifetime, NullLogger<ScenarioWorker>.Instance,
            null, Path.Combine(_directory, "t"), _ => { });
        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(artifacts));
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopped.TrySetResult();
    }
}
