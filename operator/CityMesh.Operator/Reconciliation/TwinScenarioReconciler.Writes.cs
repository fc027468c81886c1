using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Scenarios.Model;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Reconciliation;

/// <summary>The reconciler's writes: each guarded by resourceVersion, so a stale view fails (409) instead of overwriting.</summary>
public sealed partial class TwinScenarioReconciler
{
    /// <summary>PUT /status with the resourceVersion read; unchanged status is not written (no event loop on our own writes).</summary>
    private async Task<(JsonObject Obj, TwinScenario Scenario, TwinScenarioStatus Status)> WriteStatusAsync(
        JsonObject obj, TwinScenario s, TwinScenarioStatus next, CancellationToken ct)
    {
        if (ScenarioStatuses.SameAs(s.Status, next)) return (obj, s, next);
        var body = obj.DeepClone().AsObject();
        body["status"] = JsonSerializer.SerializeToNode(next, ScenarioJson.Options);
        var written = await api.ReplaceStatusAsync(KubeResource.TwinScenarios, s.Metadata.Namespace, s.Metadata.Name!, body, ct);
        var scenario = Read(written);
        return (written, scenario, scenario.Status ?? next);
    }

    private async Task<JsonObject> AddFinalizerAsync(JsonObject obj, TwinScenario s, CancellationToken ct)
    {
        var add = s.Metadata.Finalizers is null
            ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray(Finalizer) }
            : new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = Finalizer };
        return await GuardedPatchAsync(s, new JsonArray(TestResourceVersion(s), add), ct);
    }

    private async Task RemoveFinalizerAsync(TwinScenario s, CancellationToken ct)
    {
        int i = s.Metadata.Finalizers!.ToList().IndexOf(Finalizer);
        string path = FormattableString.Invariant($"/metadata/finalizers/{i}");
        // A merge patch would replace the whole list and could drop another controller's finalizer.
        await GuardedPatchAsync(s, new JsonArray(
            TestResourceVersion(s),
            new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = Finalizer },
            new JsonObject { ["op"] = "remove", ["path"] = path }), ct);
    }

    private static JsonObject TestResourceVersion(TwinScenario s) =>
        new() { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = s.Metadata.ResourceVersion };

    /// <summary>A JSON patch whose test failed means our view was stale: a conflict like a 409 (the caller's queue retries).</summary>
    private async Task<JsonObject> GuardedPatchAsync(TwinScenario s, JsonArray ops, CancellationToken ct)
    {
        try
        {
            return await api.PatchAsync(KubeResource.TwinScenarios, s.Metadata.Namespace, s.Metadata.Name!,
                new KubePatch(PatchType.Json, ops.ToJsonString()), ct);
        }
        catch (KubeApiException e) when (e.StatusCode == 422)
        {
            throw new KubeConflictException("Conflict", $"TwinScenario {s.Metadata.Namespace}/{s.Metadata.Name} changed since it was read: {e.Message}");
        }
    }

    /// <summary>POST; AlreadyExists means an earlier visit (perhaps of another operator instance) created it: adopt it.</summary>
    private async Task<JsonObject> CreateOrAdoptAsync(JsonObject job, CancellationToken ct)
    {
        string ns = Json.Str(job, "metadata", "namespace")!, name = Json.Str(job, "metadata", "name")!;
        try
        {
            return await api.CreateAsync(KubeResource.Jobs, ns, job, ct);
        }
        catch (KubeConflictException)
        {
            Log.Adopted(logger, ns, name);
            return await api.GetAsync(KubeResource.Jobs, ns, name, ct)
                ?? throw new KubeConflictException("Conflict", $"Job {ns}/{name} existed on create and was gone on read.");
        }
    }

    /// <summary>Deletes this scenario's Jobs that match (never the cleanup Job); pods follow by background propagation.</summary>
    private async Task DeleteJobsAsync(TwinScenario s, Func<JsonObject, bool> which, CancellationToken ct)
    {
        var jobs = await api.ListAsync(KubeResource.Jobs, s.Metadata.Namespace, JobSelector(s), ct);
        foreach (var job in jobs.Items.Where(j => Json.Label(j, ScenarioJobs.CleanupLabel) is null && OwnedBy(j, s) && which(j)))
        {
            string name = Json.Str(job, "metadata", "name")!;
            if (await api.DeleteAsync(KubeResource.Jobs, s.Metadata.Namespace, name, ct))
                Log.JobDeleted(logger, s.Metadata.Namespace!, name);
        }
    }

    private async Task RecordAsync(TwinScenario s, string type, string reason, string action, string note, CancellationToken ct)
    {
        try
        {
            await events.RecordAsync(s, type, reason, action, note, ct);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            // Events are for people; losing one must not fail or repeat the reconcile.
            Log.EventFailed(logger, s.Metadata.Namespace!, s.Metadata.Name!, reason, e);
        }
    }

    private static bool HasFinalizer(TwinScenario s) => s.Metadata.Finalizers?.Contains(Finalizer) == true;

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "TwinScenario {Key}: generation {Generation} observed")]
        public static partial void NewGeneration(ILogger logger, string key, long generation);

        [LoggerMessage(LogLevel.Information, "TwinScenario {Namespace}/{Name}: Job {Job} created ({Backend})")]
        public static partial void JobCreated(ILogger logger, string @namespace, string name, string job, string backend);

        [LoggerMessage(LogLevel.Information, "Job {Namespace}/{Job} already existed; adopted")]
        public static partial void Adopted(ILogger logger, string @namespace, string job);

        [LoggerMessage(LogLevel.Information, "Job {Namespace}/{Job} deleted")]
        public static partial void JobDeleted(ILogger logger, string @namespace, string job);

        [LoggerMessage(LogLevel.Warning, "Job {Namespace}/{Job} exists but is not owned by its scenario; waiting")]
        public static partial void NotOwned(ILogger logger, string @namespace, string job);

        [LoggerMessage(LogLevel.Warning, "TwinScenario {Namespace}/{Name}: no GPU scheduled in time; {GpuJob} replaced by {CpuJob}")]
        public static partial void FellBack(ILogger logger, string @namespace, string name, string gpuJob, string cpuJob);

        [LoggerMessage(LogLevel.Information, "TwinScenario {Namespace}/{Name}: {Step}")]
        public static partial void Cleanup(ILogger logger, string @namespace, string name, string step);

        [LoggerMessage(LogLevel.Warning, "TwinScenario {Namespace}/{Name}: event {Reason} not recorded")]
        public static partial void EventFailed(ILogger logger, string @namespace, string name, string reason, Exception error);
    }
}
