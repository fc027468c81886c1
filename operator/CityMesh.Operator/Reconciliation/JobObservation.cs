using System.Globalization;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Reconciliation;

/// <summary>What a simulation Job and its pods show, reduced to what the scenario's status needs.</summary>
public sealed record JobObservation
{
    public bool Complete { get; init; }
    public bool Failed { get; init; }
    public string FailureReason { get; init; } = "";
    public string FailureMessage { get; init; } = "";

    /// <summary>Pods in phase Running.</summary>
    public int Running { get; init; }

    /// <summary>Some pod was placed on a node (PodScheduled=True, a node name, or a phase past Pending).</summary>
    public bool AnyScheduled { get; init; }

    /// <summary>Pods Pending with PodScheduled=False, reason Unschedulable; none scheduled.</summary>
    public bool Unschedulable { get; init; }

    public string UnschedulableMessage { get; init; } = "";

    /// <summary>When the operator created the Job (its annotation, else metadata.creationTimestamp).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public int Attempts { get; init; } = 1;
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }

    /// <summary>Mean progress over the ensemble members, 0..100; finished members count 100.</summary>
    public int ProgressPercent { get; init; }

    public const string CompletionIndexKey = "batch.kubernetes.io/job-completion-index";

    public static JobObservation Of(JsonObject job, IReadOnlyList<JsonObject> pods, int ensemble)
    {
        var complete = Json.Condition(job, "Complete");
        var failed = Json.Condition(job, "Failed");
        bool isFailed = Json.Str(failed, "status") == "True";
        bool anyScheduled = pods.Any(Scheduled);
        var unschedulable = pods.Where(IsUnschedulable).ToArray();
        return new JobObservation
        {
            Complete = Json.Str(complete, "status") == "True",
            Failed = isFailed,
            FailureReason = isFailed ? Json.Str(failed, "reason") ?? "JobFailed" : "",
            FailureMessage = isFailed ? Json.Str(failed, "message") ?? "" : "",
            Running = pods.Count(p => Json.Str(p, "status", "phase") == "Running"),
            AnyScheduled = anyScheduled,
            Unschedulable = !anyScheduled && unschedulable.Length > 0,
            UnschedulableMessage = unschedulable.Select(p => Json.Str(Json.Condition(p, "PodScheduled"), "message")).FirstOrDefault(m => !string.IsNullOrEmpty(m)) ?? "",
            CreatedAt = ParseTime(Json.Annotation(job, ScenarioJobs.CreatedAtAnnotation)) ?? Json.Time(job, "metadata", "creationTimestamp"),
            Attempts = (int)(Json.Long(job, "status", "failed") ?? 0) + 1,
            StartTime = Json.Time(job, "status", "startTime"),
            CompletionTime = Json.Time(job, "status", "completionTime") ?? Json.Time(complete, "lastTransitionTime"),
            ProgressPercent = Progress(pods, ensemble, Json.Long(job, "status", "succeeded") ?? 0),
        };
    }

    /// <summary>The ensemble member a pod runs: its completion index, else its own name (non-indexed Jobs).</summary>
    public static string MemberOf(JsonObject pod) =>
        Json.Annotation(pod, CompletionIndexKey) ?? Json.Label(pod, CompletionIndexKey) ?? Json.Str(pod, "metadata", "name") ?? "";

    public static bool Scheduled(JsonObject pod)
    {
        string? phase = Json.Str(pod, "status", "phase");
        return phase is "Running" or "Succeeded" or "Failed"
            || !string.IsNullOrEmpty(Json.Str(pod, "spec", "nodeName"))
            || Json.Str(Json.Condition(pod, "PodScheduled"), "status") == "True";
    }

    public static bool IsUnschedulable(JsonObject pod)
    {
        var scheduled = Json.Condition(pod, "PodScheduled");
        return Json.Str(pod, "status", "phase") is null or "Pending"
            && Json.Str(scheduled, "status") == "False"
            && Json.Str(scheduled, "reason") == "Unschedulable";
    }

    private static int Progress(IReadOnlyList<JsonObject> pods, int ensemble, long succeededCount)
    {
        ensemble = Math.Max(1, ensemble);
        // A member may have several pods (retries): its best one counts.
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            int percent = Json.Str(pod, "status", "phase") switch
            {
                "Succeeded" => 100,
                "Running" => ParsePercent(Json.Annotation(pod, WorkerContract.ProgressAnnotation)),
                _ => 0,
            };
            string member = MemberOf(pod);
            best[member] = Math.Max(best.GetValueOrDefault(member), percent);
        }
        // Finished pods may already be gone; the Job still counts them.
        int done = best.Values.Count(v => v == 100);
        long total = best.Values.Where(v => v < 100).OrderDescending().Take(ensemble).Sum(v => (long)v)
            + 100L * Math.Max(done, succeededCount);
        return (int)Math.Clamp(total / ensemble, 0, 100);
    }

    private static int ParsePercent(string? s) =>
        int.TryParse(s?.Trim().TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? Math.Clamp(p, 0, 100) : 0;

    private static DateTimeOffset? ParseTime(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
