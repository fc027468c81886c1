using System.Text.Json;
using CityMesh.Messaging;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Scenarios.Tests.Worker;

/// <summary>
/// The worker target runs the same member on CITYMESH_COMPUTE=managed and on ilgpu-cpu (the ILGPU kernels on ILGPU's
/// CPU accelerator, as on a GPU node but exact) and reports the same KPIs, with the device it ran on.
/// </summary>
public sealed class WorkerBackendTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-worker-backends-{Guid.NewGuid():N}");

    public WorkerBackendTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_traffic_scenario_gives_the_same_KPIs_on_managed_and_on_the_CPU_accelerator()
    {
        var scenario = ShortJinan();

        var managed = await RunWorkerAsync(scenario, "managed");
        var ilgpu = await RunWorkerAsync(scenario, "ilgpu-cpu");

        Assert.True(managed.Baseline[KpiNames.CompletedTrips] > 0, "some trips should complete in five minutes");
        Assert.Equal(managed.Baseline, ilgpu.Baseline);
        Assert.Equal(managed.Interventions.Select(i => (i.Name, i.Values)), ilgpu.Interventions.Select(i => (i.Name, i.Values)));
        Assert.StartsWith("managed: ", managed.Device, StringComparison.Ordinal);
        Assert.Equal("ilgpu-cpu: ILGPU CPU accelerator, host memory", ilgpu.Device);
    }

    [Fact]
    public async Task A_plates_scenario_gives_the_same_KPIs_and_images_on_managed_and_on_the_CPU_accelerator()
    {
        var example = ScenarioDocument.Load(RepositoryFiles.Example("plates-training-set.yaml"));
        var scenario = example with { Spec = example.Spec with { Plates = example.Spec.Plates! with { Count = 4 } } };

        var managed = await RunWorkerAsync(scenario, "managed");
        var ilgpu = await RunWorkerAsync(scenario, "ilgpu-cpu");

        Assert.Equal(4, managed.Baseline["images"]);
        // The same images and labelled characters; the timing figures (imagesPerSecond, seconds) differ by design.
        Assert.Equal(managed.Baseline["characters"], ilgpu.Baseline["characters"]);
        Assert.Equal(managed.Baseline["images"], ilgpu.Baseline["images"]);
        Assert.Equal("ilgpu-cpu: ILGPU CPU accelerator, host memory", ilgpu.Device);
        var images = Directory.GetFiles(Path.Combine(_directory, "managed", "0", "images"), "*.png").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(4, images.Length);
        foreach (var image in images)
            Assert.Equal(File.ReadAllBytes(Path.Combine(_directory, "managed", "0", "images", image!)),
                File.ReadAllBytes(Path.Combine(_directory, "ilgpu-cpu", "0", "images", image!)));
    }

    [Fact]
    public void A_bad_CITYMESH_COMPUTE_is_a_settings_error_naming_the_accepted_values()
    {
        string json = ScenarioDocument.ToJson(ShortJinan());
        string? Env(string name) => name switch
        {
            WorkerContract.ScenarioEnv => json,
            "CITYMESH_COMPUTE" => "opencl-gpu",
            _ => null,
        };

        var error = Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(Env, null));

        Assert.Contains("CITYMESH_COMPUTE='opencl-gpu' names no compute backend; accepted values (any case): auto, cuda, opencl, managed, ilgpu-cpu", error.Message);
    }

    /// <summary>Member 0 through the worker target's own class, with CITYMESH_COMPUTE as the pod's environment would hold it.</summary>
    private async Task<KpiReport> RunWorkerAsync(TwinScenario scenario, string compute)
    {
        string json = ScenarioDocument.ToJson(scenario with { Metadata = scenario.Metadata with { Generation = 1 } });
        string results = Path.Combine(_directory, compute), termination = Path.Combine(_directory, $"termination-{compute}");
        string? Env(string name) => name switch
        {
            WorkerContract.ScenarioEnv => json,
            WorkerContract.ResultsDirectoryEnv => results,
            "CITYMESH_COMPUTE" => compute,
            _ => null,
        };
        var settings = WorkerSettings.From(Env, null, RepositoryFiles.WithSharedData());
        await using var bus = new InMemoryEventBus();
        var lifetime = new Lifetime();
        int? exitCode = null;
        var worker = new ScenarioWorker(settings, bus, lifetime, NullLogger<ScenarioWorker>.Instance, null, termination, code => exitCode = code);

        await worker.StartAsync(CancellationToken.None);
        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Null(exitCode);
        var written = JsonSerializer.Deserialize<KpiReport>(File.ReadAllText(Path.Combine(results, "kpis.json")), ScenarioJson.Options)!;
        var reported = JsonSerializer.Deserialize<KpiReport>(File.ReadAllText(termination), ScenarioJson.Options)!;
        Assert.Equal(written.Device, reported.Device);
        return written;
    }

    private static TwinScenario ShortJinan()
    {
        var scenario = ScenarioDocument.Load(RepositoryFiles.Example("jinan-lane-closure.yaml"));
        string data = Path.GetDirectoryName(RepositoryFiles.Example("jinan-lane-closure.yaml"))!;
        var baseline = scenario.Spec.Baseline! with
        {
            Network = new FileSource { Path = Path.GetFullPath(scenario.Spec.Baseline!.Network!.Path!, data) },
            Demand = new FileSource { Path = Path.GetFullPath(scenario.Spec.Baseline!.Demand!.Path!, data) },
        };
        return scenario with { Spec = scenario.Spec with { Horizon = "5m", Baseline = baseline, Interventions = scenario.Spec.Interventions.Take(1).ToArray() } };
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
