using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Operator.Kube;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;
using CityMesh.Scenarios.Worker;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Reconciliation;

/// <summary>
/// Drives one TwinScenario toward its spec: finalizer, validation, one Job per generation (GPU, or CPU after the
/// fallback), status from the Job and its pods, and cleanup on deletion. Every visit starts from what the API
/// server holds (no state in the operator), so any visit may be the first after a restart: Job names are
/// deterministic, creates that answer AlreadyExists adopt, and every write is guarded by resourceVersion.
/// </summary>
public sealed partial class TwinScenarioReconciler(ScenarioCluster api, OperatorOptions options, IScenarioEvents events, TimeProvider time,
    ILogger<TwinScenarioReconciler> logger)
{
    public const string Finalizer = "citymesh.io/twinscenario-cleanup";

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var (ns, name) = SplitKey(key);
        TwinScenario? read;
        try
        {
            read = await api.GetScenarioAsync(ns, name, ct);
        }
        catch (JsonException e)
        {
            return ReconcileResult.Terminal(new InvalidOperationException($"TwinScenario {key} cannot be read: {e.Message}", e));
        }
        // Gone: the garbage collector removes the Jobs it owned.
        if (read is null) return ReconcileResult.Done;
        var s = read;

        if (s.Metadata.DeletionTimestamp is not null) return await FinalizeAsync(s, ct);
        if (!HasFinalizer(s)) s = await AddFinalizerAsync(s, ct);

        long generation = s.Metadata.Generation ?? 0;
        var status = s.Status ?? new TwinScenarioStatus();
        if (status.ObservedGeneration != generation)
        {
            // A new spec: the old generation's Jobs go before the new one starts.
            await DeleteJobsAsync(s, job => Json.Label(job, WorkerContract.GenerationLabel) != Invariant(generation), ct);
            (s, status) = await WriteStatusAsync(s, ScenarioStatuses.Fresh(s, s.Status, Now), ct);
            Log.NewGeneration(logger, key, generation);
        }

        var errors = ScenarioValidator.Validate(s);
        if (errors.Count > 0)
        {
            var invalid = ScenarioStatuses.Invalid(s, status, errors, Now);
            if (ScenarioStatuses.SameAs(status, invalid)) return ReconcileResult.Done;
            (s, _) = await WriteStatusAsync(s, invalid, ct);
            await RecordAsync(s, EventTypes.Warning, ScenarioStatuses.InvalidSpec, "Validate", Conditions.Find(invalid.Conditions, ConditionTypes.Accepted)!.Message, ct);
            // No retry: only a new generation (a spec change) makes it valid.
            return ReconcileResult.Done;
        }
        if (ScenarioStatuses.IsFinished(status)) return ReconcileResult.Done;

        if (!options.GpuEnabled && ScenarioJobs.WantsGpu(s) && !CanFallBack(s))
        {
            // Waiting for a GPU that this operator never requests would hang; not accepted instead.
            string message = $"spec.compute.accelerator is gpu and spec.compute.fallback is {(s.Spec.Compute.Fallback is { Length: > 0 } f ? f : "none")}, "
                + "but this operator runs without GPUs (GpuEnabled=false); set spec.compute.fallback: cpu to run on CPU.";
            // A GPU Job from before the setting changed goes too.
            await api.DeleteJobAsync(s.Metadata.Namespace!, ScenarioJobs.SimulationJobName(s, cpuFallback: false), ct);
            (s, _) = await WriteStatusAsync(s, ScenarioStatuses.GpuUnavailable(s, status, message, Now), ct);
            await RecordAsync(s, EventTypes.Warning, ScenarioStatuses.GpuDisabled, "Validate", message, ct);
            return ReconcileResult.Done;
        }

        return await RunAsync(s, status, ct);
    }

    private async Task<ReconcileResult> RunAsync(TwinScenario s, TwinScenarioStatus status, CancellationToken ct)
    {
        string ns = s.Metadata.Namespace!;
        bool wantsGpu = ScenarioJobs.WantsGpu(s);
        // The fallback is recorded in status (backend cpu) before the GPU Job is deleted, so it survives a restart.
        // Without GPUs (GpuEnabled=false; the fallback is cpu, else ReconcileAsync failed it) the CPU Job comes first.
        bool gpuDisabled = wantsGpu && !options.GpuEnabled;
        bool fellBack = wantsGpu && (status.Backend == ScenarioJobs.Cpu || gpuDisabled);
        string backend = wantsGpu && !fellBack ? ScenarioJobs.Gpu : ScenarioJobs.Cpu;
        string jobName = ScenarioJobs.SimulationJobName(s, fellBack);

        var job = await api.GetJobAsync(ns, jobName, ct);
        if (job is null)
        {
            if (status.JobName == jobName)
            {
                // Ours, seen before, now gone (deleted by hand or by its TTL before we saw it end): not run twice.
                var lost = ScenarioStatuses.Failed(s, status, null, ScenarioStatuses.JobDeleted, $"Job {jobName} was deleted before it finished.", Now);
                (s, _) = await WriteStatusAsync(s, lost, ct);
                await RecordAsync(s, EventTypes.Warning, ScenarioStatuses.JobDeleted, "Simulate", $"Job {jobName} was deleted before it finished.", ct);
                return ReconcileResult.Done;
            }
            if (fellBack) await api.DeleteJobAsync(ns, ScenarioJobs.SimulationJobName(s, cpuFallback: false), ct);
            job = await CreateOrAdoptAsync(ScenarioJobs.Simulation(s, fellBack, options, Now), ct);
            Log.JobCreated(logger, ns, s.Metadata.Name!, jobName, backend);
            if (gpuDisabled) await RecordAsync(s, EventTypes.Warning, ScenarioStatuses.GpuDisabled, "FallBackToCpu", ScenarioStatuses.GpuDisabledMessage, ct);
        }
        if (!OwnedBy(job, s))
        {
            Log.NotOwned(logger, ns, jobName);
            return ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30));
        }

        var pods = await api.ListPodsAsync(ns, PodSelector(s, backend), ct);
        var observed = JobObservation.Of(job, pods, s.Spec.Ensemble);
        var next = ScenarioStatuses.Accepted(s, status, jobName, backend, Now);
        if (gpuDisabled) next = ScenarioStatuses.GpuScheduled(s, next, ScenarioStatuses.GpuDisabled, ConditionStatus.False, ScenarioStatuses.GpuDisabledMessage, Now);

        if (observed.Complete)
        {
            var kpis = KpiCollection.FromPods(pods, s.Spec.Ensemble);
            next = kpis.Report is null
                ? ScenarioStatuses.Failed(s, next, observed, kpis.Reason, kpis.Message, Now)
                : ScenarioStatuses.Succeeded(s, next, observed, kpis.Report, kpis.Message, Now);
            (s, _) = await WriteStatusAsync(s, next, ct);
            if (kpis.Report is null) await RecordAsync(s, EventTypes.Warning, kpis.Reason, "CollectResults", kpis.Message, ct);
            else await RecordAsync(s, EventTypes.Normal, ScenarioStatuses.Completed, "CollectResults", $"{kpis.Message} Results: {next.ResultsRef}", ct);
            return ReconcileResult.Done;
        }
        if (observed.Failed)
        {
            next = ScenarioStatuses.Failed(s, next, observed, observed.FailureReason, $"Job {jobName} failed: {observed.FailureMessage}", Now);
            (s, _) = await WriteStatusAsync(s, next, ct);
            await RecordAsync(s, EventTypes.Warning, observed.FailureReason, "Simulate", $"Job {jobName} failed: {observed.FailureMessage}", ct);
            return ReconcileResult.Done;
        }

        next = ScenarioStatuses.InFlight(s, next, observed, Now);
        var result = ReconcileResult.Done;
        if (backend == ScenarioJobs.Gpu)
        {
            (next, result, bool fallBackNow) = GpuScheduling(s, next, observed);
            if (fallBackNow) return await FallBackToCpuAsync(s, next, jobName, ct);
        }
        await WriteStatusAsync(s, next, ct);
        return result;
    }

    /// <summary>
    /// GpuScheduled from the pods; the CPU fallback is due when no GPU pod has been scheduled, some are
    /// Unschedulable, and scheduleTimeoutSeconds have passed since the operator created the Job. That start is
    /// the Job's created-at annotation, written from the operator's own clock: a restart keeps it, and it is
    /// never compared with a timestamp from another clock (the scheduler's lastTransitionTime would be).
    /// </summary>
    private (TwinScenarioStatus Status, ReconcileResult Result, bool FallBack) GpuScheduling(TwinScenario s, TwinScenarioStatus next, JobObservation observed)
    {
        var compute = s.Spec.Compute;
        if (observed.AnyScheduled)
            return (ScenarioStatuses.GpuScheduled(s, next, ScenarioStatuses.Scheduled, ConditionStatus.True, "A GPU pod was scheduled.", Now), ReconcileResult.Done, false);
        if (!observed.Unschedulable)
            return (next, ReconcileResult.Done, false);

        bool canFallBack = CanFallBack(s);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, compute.ScheduleTimeoutSeconds));
        var waited = Now - (observed.CreatedAt ?? Now);
        if (canFallBack && waited >= timeout) return (next, ReconcileResult.Done, true);

        string message = canFallBack
            ? $"GPU pods are unschedulable ({observed.UnschedulableMessage}); falling back to CPU after {compute.ScheduleTimeoutSeconds}s."
            : $"GPU pods are unschedulable ({observed.UnschedulableMessage}); waiting, fallback is none.";
        next = ScenarioStatuses.GpuScheduled(s, next, ScenarioStatuses.Unschedulable, ConditionStatus.False, message, Now);
        // Pod events do not come when nothing changes, so the timeout needs its own visit.
        var result = canFallBack ? ReconcileResult.RequeueAfter(Max(timeout - waited, TimeSpan.FromSeconds(1))) : ReconcileResult.Done;
        return (next, result, false);
    }

    private async Task<ReconcileResult> FallBackToCpuAsync(TwinScenario s, TwinScenarioStatus next, string gpuJob, CancellationToken ct)
    {
        string ns = s.Metadata.Namespace!;
        string message = $"No GPU could be scheduled within {s.Spec.Compute.ScheduleTimeoutSeconds}s; running on CPU instead.";
        next = ScenarioStatuses.GpuScheduled(s, next, ScenarioStatuses.InsufficientGpu, ConditionStatus.False, message, Now) with
        {
            Backend = ScenarioJobs.Cpu,
            Phase = Phases.Pending,
            Progress = ScenarioStatuses.Percent(0),
        };
        // Status first: once backend=cpu is stored, any later visit continues the fallback instead of the GPU Job.
        (s, _) = await WriteStatusAsync(s, next, ct);
        await api.DeleteJobAsync(ns, gpuJob, ct);
        var cpuJob = await CreateOrAdoptAsync(ScenarioJobs.Simulation(s, cpuFallback: true, options, Now), ct);
        Log.FellBack(logger, ns, s.Metadata.Name!, gpuJob, Json.Str(cpuJob, "metadata", "name") ?? "");
        await RecordAsync(s, EventTypes.Warning, ScenarioStatuses.InsufficientGpu, "FallBackToCpu", message, ct);
        return ReconcileResult.Done;
    }

    private static bool CanFallBack(TwinScenario s) => string.Equals(s.Spec.Compute.Fallback, ScenarioJobs.Cpu, StringComparison.OrdinalIgnoreCase);

    private DateTimeOffset Now => time.GetUtcNow();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Invariant(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static (string Namespace, string Name) SplitKey(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("default", key) : (key[..slash], key[(slash + 1)..]);
    }

    private static string PodSelector(TwinScenario s, string backend) =>
        $"{WorkerContract.ScenarioLabel}={JobNames.LabelValue(s.Metadata.Name!)},{WorkerContract.GenerationLabel}={Invariant(s.Metadata.Generation ?? 0)},{WorkerContract.BackendLabel}={backend}";

    private static string JobSelector(TwinScenario s) => $"{WorkerContract.ScenarioLabel}={JobNames.LabelValue(s.Metadata.Name!)}";

    private static bool OwnedBy(JsonObject job, TwinScenario s) =>
        Json.Objects(job, "metadata", "ownerReferences").Any(r => Json.Str(r, "uid") == s.Metadata.Uid);
}
