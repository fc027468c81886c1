using CityMesh.Compute;
using System.Text.Json.Nodes;
using CityMesh.Messaging;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Worker;

/// <summary>
/// <c>citymesh-server --target worker</c>: runs one ensemble member of one scenario (what its Job pod was made for),
/// writes the artifacts and report, annotates its pod with progress, leaves the KPIs in the termination message,
/// publishes <c>scenario.results</c>, and stops the process with exit code 0, or 1 so the Job's backoff retries.
/// </summary>
public sealed class ScenarioWorker(
    WorkerSettings settings, IEventBus bus, IHostApplicationLifetime lifetime, ILogger<ScenarioWorker> logger,
    IKubernetes? kube = null, string terminationMessagePath = WorkerContract.TerminationMessagePath, Action<int>? setExitCode = null,
    IHttpMessageHandlerFactory? handlers = null) : BackgroundService
{
    /// <summary>The named client the worker reads the twin with: it proves itself as <c>service:worker</c>.</summary>
    public const string TwinClientName = "worker-twin";

    // The process's exit code by default; tests capture it instead of changing their own host's.
    private readonly Action<int> _setExitCode = setExitCode ?? (code => Environment.ExitCode = code);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        try
        {
            if (settings.CleanupDirectory is { } cleanup) Cleanup(cleanup);
            else await RunAsync(settings.Scenario!, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Stopped before the scenario finished");
            _setExitCode(1);
        }
        catch (Exception e)
        {
            // Input errors are permanent, but the Job's backoffLimit bounds the retries; the message says why.
            logger.LogError(e, "Scenario failed: {Message}", e.Message);
            TryWriteTermination($"error: {e.Message}");
            _setExitCode(1);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(TwinScenario scenario, CancellationToken ct)
    {
        logger.LogInformation("Scenario {Name} member {Member}: {Variants} variant(s), results in {Directory}",
            scenario.Metadata.Name, settings.Member, 1 + scenario.Spec.Interventions.Count, settings.ResultsDirectory);
        var inputs = settings.Inputs;
        var progress = new ProgressAnnotator(kube, settings.PodNamespace, settings.PodName, logger);
        var twin = scenario.Spec.Baseline?.Twin is { } twinSpec && settings.TwinUrl is { } twinUrl
            ? await ReadTwinAsync(twinUrl, reader => Baselines.TwinSnapshot.ReadAsync(reader, twinUrl, scenario.Spec.City, twinSpec, ct))
            : null;
        var sites = await SensorSitesAsync(scenario, ct);
        bool flood = scenario.Spec.Simulation == SimulationKinds.Flood && scenario.Spec.Flood?.Twin is not null;
        bool evacuation = scenario.Spec.Simulation == SimulationKinds.Evacuation && scenario.Spec.Evacuation?.Twin is not null;
        bool compound = scenario.Spec.Simulation == SimulationKinds.Compound && scenario.Spec.Compound is not null;
        var city = (scenario.Spec.Epidemic?.Twin is not null || flood || evacuation || compound) && settings.TwinUrl is { } cityTwin
            ? await ReadTwinAsync(cityTwin, reader => Baselines.TwinCity.ReadAsync(reader, cityTwin, scenario.Spec.City, ct, flood || evacuation || compound,
                evacuation ? Baselines.TwinCity.EvacuationField : null,
                evacuation && scenario.Spec.Evacuation!.Cars.Share > 0 || compound && scenario.Spec.Compound!.NeedsRoadNetwork()))
            : null;
        var energySpec = compound ? scenario.Spec.Compound!.Energy : scenario.Spec.Energy;
        var grid = scenario.Spec.Simulation is SimulationKinds.Energy or SimulationKinds.Compound && energySpec?.Grid?.Twin is { } gridSpec && settings.TwinUrl is { } gridTwin
            ? await ReadTwinAsync(gridTwin, reader => Baselines.TwinGrid.ReadAsync(reader, gridTwin, scenario.Spec.City, gridSpec,
                energySpec.Site?.UtcOffsetHours ?? 0, ct))
            : null;
        var compute = ComputeSelector.Select(settings.Compute);
        logger.LogInformation("Compute: {Device} ({Reason})", compute.Description, compute.Reason);
        var result = ScenarioRunner.Run(scenario, new ScenarioRunOptions(settings.ResultsDirectory, inputs, [settings.Member], Twin: twin, SensorSites: sites, City: city, Compute: compute, Grid: grid), progress, ct);
        ScenarioReport.Write(scenario, result);
        if (scenario.Spec.Outputs.Publish) await PublishTelemetryAsync(scenario, ct);
        await progress.FlushAsync(100, ct);

        TryWriteTermination(TerminationMessage.Of(result.Kpis));
        var payload = new ScenarioResults(scenario.Metadata.Namespace, scenario.Metadata.Name, scenario.Metadata.Generation, settings.Member, result.Kpis, settings.ResultsDirectory);
        await bus.PublishAsync(Topics.ScenarioResults, CloudEvent.Create("citymesh/worker", "citymesh.scenario.results", payload,
            subject: $"{scenario.Metadata.Namespace}/{scenario.Metadata.Name}", options: ScenarioJson.Options), ct);
        logger.LogInformation("Scenario {Name} member {Member} done: {Kpis}", scenario.Metadata.Name, settings.Member, TerminationMessage.Of(result.Kpis));
    }

    /// <summary>synthetic-telemetry with sites from the twin: the city's sensors, read before the run.</summary>
    private async Task<IReadOnlyList<SensorSite>?> SensorSitesAsync(TwinScenario scenario, CancellationToken ct)
    {
        if (scenario.Spec.Telemetry is not { Sites: TelemetrySynthesisOptions.TwinSites } telemetry || settings.TwinUrl is not { } twinUrl) return null;
        var sites = await ReadTwinAsync(twinUrl, reader => new TwinSensorSites(reader, twinUrl).ReadAsync(telemetry.Kinds, scenario.Spec.City, ct));
        logger.LogInformation("{Count} sensor sites read from the twin at {Twin}", sites.Count, twinUrl);
        return sites;
    }

    /// <summary>spec.outputs.publish: the member's series, as written, on telemetry.raw, so detectors meet it as live telemetry.</summary>
    private async Task PublishTelemetryAsync(TwinScenario scenario, CancellationToken ct)
    {
        string directory = Path.Combine(settings.ResultsDirectory, settings.Member.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var series = TelemetryDataset.Read(directory);
        var published = await new TelemetryPublisher(bus) { TimeAcceleration = scenario.Spec.Outputs.PublishAcceleration }.PublishAsync(series, ct: ct);
        logger.LogInformation("Published the series on {Topic}: {Result}", Topics.TelemetryRaw, published);
    }

    /// <summary>Reads the twin read API at <paramref name="twin"/> as the worker; without a factory (tests that run no twin) with no credentials.</summary>
    private async Task<T> ReadTwinAsync<T>(Uri twin, Func<TwinReaderClient, Task<T>> read)
    {
        using var reader = TwinReaderClient.Connect(twin, handlers?.CreateHandler(TwinClientName));
        return await read(reader);
    }

    private void Cleanup(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        logger.LogInformation("Removed artifacts {Directory}", directory);
    }

    private void TryWriteTermination(string message)
    {
        try
        {
            File.WriteAllText(terminationMessagePath, message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("No termination message file here ({Path}): {Message}", terminationMessagePath, e.Message);
        }
    }
}

/// <summary>The <c>scenario.results</c> event: one member's KPIs and where its artifacts are.</summary>
public sealed record ScenarioResults(string? Namespace, string? Name, long? Generation, int Member, KpiReport Kpis, string ResultsDirectory);

/// <summary>
/// Writes the worker's progress to its own pod's <see cref="WorkerContract.ProgressAnnotation"/> (whole percent, at
/// most every few seconds) for the operator to read. Best effort: outside a cluster, or without permission, the
/// progress is only logged.
/// </summary>
internal sealed class ProgressAnnotator(IKubernetes? kube, string? ns, string? pod, ILogger logger) : IProgress<ScenarioProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private int _lastPercent = -1;
    private long _lastWrite;

    public void Report(ScenarioProgress value)
    {
        int percent = (int)Math.Floor(value.Fraction * 100);
        if (percent == _lastPercent || System.Diagnostics.Stopwatch.GetElapsedTime(_lastWrite) < Interval) return;
        _lastWrite = System.Diagnostics.Stopwatch.GetTimestamp();
        _lastPercent = percent;
        logger.LogInformation("progress {Percent}% ({Run}, t={Time:0} s)", percent, value.Run, value.SimulatedSeconds);
        _ = FlushAsync(percent, CancellationToken.None);
    }

    public async Task FlushAsync(int percent, CancellationToken ct)
    {
        if (kube is null || ns is null || pod is null) return;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [WorkerContract.ProgressAnnotation] = percent.ToString(System.Globalization.CultureInfo.InvariantCulture) } } };
        try
        {
            // A merge patch: it sets the one annotation and leaves every other field of the pod alone.
            await kube.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod, ns, cancellationToken: ct);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            logger.LogDebug("Progress annotation not written: {Message}", e.Message);
        }
    }
}
