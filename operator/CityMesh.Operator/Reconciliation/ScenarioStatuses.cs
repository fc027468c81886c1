using System.Text.Json;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Operator.Reconciliation;

/// <summary>The status transitions of a scenario, as pure functions of the old status and what was observed.</summary>
public static class ScenarioStatuses
{
    public const string Validating = "Validating", InvalidSpec = "InvalidSpec", Validated = "Validated", Pending = "Pending",
        PodsRunning = "PodsRunning", Completed = "Completed", Scheduled = "Scheduled", Unschedulable = "Unschedulable",
        InsufficientGpu = "InsufficientGpu", JobDeleted = "JobDeleted", NewGeneration = "NewGeneration", GpuDisabled = "GpuDisabled";

    /// <summary>GpuScheduled=False on a CPU run because the operator runs without GPUs (<see cref="OperatorOptions.GpuEnabled"/> false).</summary>
    public const string GpuDisabledMessage = "this operator runs without GPUs (GpuEnabled=false); running on CPU";

    /// <summary>
    /// A new generation's first status: every condition Unknown for it (GpuScheduled only when a GPU is asked
    /// for), results of the old generation dropped. lastTransitionTime moves only where a status changes.
    /// </summary>
    public static TwinScenarioStatus Fresh(TwinScenario s, TwinScenarioStatus? old, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        var c = old?.Conditions ?? [];
        c = Conditions.Set(c, ConditionTypes.Accepted, ConditionStatus.Unknown, Validating, "The operator is checking the spec.", g, now);
        c = ScenarioJobs.WantsGpu(s)
            ? Conditions.Set(c, ConditionTypes.GpuScheduled, ConditionStatus.Unknown, Pending, "No GPU pod scheduled yet.", g, now)
            : Conditions.Remove(c, ConditionTypes.GpuScheduled);
        c = Conditions.Set(c, ConditionTypes.Running, ConditionStatus.Unknown, Pending, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.Unknown, Pending, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.Unknown, Pending, "", g, now);
        return new TwinScenarioStatus { ObservedGeneration = g, Phase = Phases.Pending, Conditions = c };
    }

    /// <summary>Accepted=False naming every bad field; the scenario is Failed until its spec changes.</summary>
    public static TwinScenarioStatus Invalid(TwinScenario s, TwinScenarioStatus status, IReadOnlyList<ValidationError> errors, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        string message = Truncate(string.Join("; ", errors.Select(e => e.Message)));
        string reason = errors.Select(e => e.Reason).Distinct(StringComparer.Ordinal).Count() == 1 && IsReason(errors[0].Reason) ? errors[0].Reason : InvalidSpec;
        var c = status.Conditions;
        c = Conditions.Set(c, ConditionTypes.Accepted, ConditionStatus.False, reason, message, g, now);
        c = Conditions.Set(c, ConditionTypes.Running, ConditionStatus.False, InvalidSpec, "Nothing runs until the spec is fixed.", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.False, InvalidSpec, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.True, InvalidSpec, message, g, now);
        return status with { Phase = Phases.Failed, Conditions = c };
    }

    /// <summary>
    /// A GPU scenario without a CPU fallback on an operator that runs without GPUs: Accepted=False and Failed=True
    /// (reason GpuDisabled), like an invalid spec; nothing runs until the spec changes (a new generation), since a
    /// failed generation is finished even if the operator's setting changes later.
    /// </summary>
    public static TwinScenarioStatus GpuUnavailable(TwinScenario s, TwinScenarioStatus status, string message, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        message = Truncate(message);
        var c = status.Conditions;
        c = Conditions.Set(c, ConditionTypes.Accepted, ConditionStatus.False, GpuDisabled, message, g, now);
        c = Conditions.Set(c, ConditionTypes.GpuScheduled, ConditionStatus.False, GpuDisabled, message, g, now);
        c = Conditions.Set(c, ConditionTypes.Running, ConditionStatus.False, GpuDisabled, "Nothing runs without a GPU or a CPU fallback.", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.False, GpuDisabled, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.True, GpuDisabled, message, g, now);
        return status with { Phase = Phases.Failed, Conditions = c };
    }

    public static TwinScenarioStatus Accepted(TwinScenario s, TwinScenarioStatus status, string jobName, string backend, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        var c = Conditions.Set(status.Conditions, ConditionTypes.Accepted, ConditionStatus.True, Validated,
            $"Job {jobName} runs {Math.Max(1, s.Spec.Ensemble)} ensemble member(s) on {backend}.", g, now);
        return status with { JobName = jobName, Backend = backend, Conditions = c };
    }

    /// <summary>The Job is pending or running: phase, Running, progress, attempts, start time.</summary>
    public static TwinScenarioStatus InFlight(TwinScenario s, TwinScenarioStatus status, JobObservation job, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        int ensemble = Math.Max(1, s.Spec.Ensemble);
        bool running = job.Running > 0;
        var c = status.Conditions;
        c = running
            ? Conditions.Set(c, ConditionTypes.Running, ConditionStatus.True, PodsRunning, $"{job.Running} of {ensemble} ensemble member(s) running.", g, now)
            : Conditions.Set(c, ConditionTypes.Running, ConditionStatus.False, Pending, "Waiting for pods to start.", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.Unknown, running ? PodsRunning : Pending, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.Unknown, running ? PodsRunning : Pending, "", g, now);
        return status with
        {
            Phase = running ? Phases.Running : Phases.Pending,
            Progress = Percent(job.ProgressPercent),
            Attempts = job.Attempts,
            StartTime = job.StartTime ?? status.StartTime,
            Conditions = c,
        };
    }

    public static TwinScenarioStatus GpuScheduled(TwinScenario s, TwinScenarioStatus status, string reason, string state, string message, DateTimeOffset now) =>
        status with { Conditions = Conditions.Set(status.Conditions, ConditionTypes.GpuScheduled, state, reason, message, s.Metadata.Generation ?? 0, now) };

    public static TwinScenarioStatus Succeeded(TwinScenario s, TwinScenarioStatus status, JobObservation job, KpiReport kpis, string message, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        var c = status.Conditions;
        c = Conditions.Set(c, ConditionTypes.Running, ConditionStatus.False, Completed, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.True, Completed, message, g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.False, Completed, "", g, now);
        return status with
        {
            Phase = Phases.Succeeded,
            Progress = Percent(100),
            Attempts = job.Attempts,
            StartTime = job.StartTime ?? status.StartTime,
            CompletionTime = Conditions.Truncate(job.CompletionTime ?? now),
            Kpis = kpis,
            Device = kpis.Device,
            ResultsRef = ScenarioJobs.ResultsRef(s),
            Conditions = c,
        };
    }

    public static TwinScenarioStatus Failed(TwinScenario s, TwinScenarioStatus status, JobObservation? job, string reason, string message, DateTimeOffset now)
    {
        long g = s.Metadata.Generation ?? 0;
        reason = IsReason(reason) ? reason : "JobFailed";
        message = Truncate(message);
        var c = status.Conditions;
        c = Conditions.Set(c, ConditionTypes.Running, ConditionStatus.False, reason, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Succeeded, ConditionStatus.False, reason, "", g, now);
        c = Conditions.Set(c, ConditionTypes.Failed, ConditionStatus.True, reason, message, g, now);
        return status with
        {
            Phase = Phases.Failed,
            Attempts = job?.Attempts ?? status.Attempts,
            StartTime = job?.StartTime ?? status.StartTime,
            CompletionTime = status.CompletionTime ?? Conditions.Truncate(job?.CompletionTime ?? now),
            Conditions = c,
        };
    }

    /// <summary>Terminal for this generation: nothing more happens until the spec changes.</summary>
    public static bool IsFinished(TwinScenarioStatus? status) =>
        Conditions.IsTrue(status?.Conditions, ConditionTypes.Succeeded) || Conditions.IsTrue(status?.Conditions, ConditionTypes.Failed);

    /// <summary>Same JSON on the wire: a status write would change nothing.</summary>
    public static bool SameAs(TwinScenarioStatus? a, TwinScenarioStatus? b) =>
        JsonSerializer.Serialize(a, ScenarioJson.Options) == JsonSerializer.Serialize(b, ScenarioJson.Options);

    public static string Percent(int p) => FormattableString.Invariant($"{p}%");

    // Condition reasons are CamelCase identifiers (metav1.Condition).
    private static bool IsReason(string reason) =>
        reason.Length is > 0 and <= 1024 && char.IsAsciiLetter(reason[0]) && reason.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or ',' or ':');

    private static string Truncate(string message) => message.Length <= 32768 ? message : message[..32765] + "...";
}
