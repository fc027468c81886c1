using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Operator.Kube;
using CityMesh.Scenarios.Model;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Reconciliation;

/// <summary>The reconciler's writes: each guarded by resourceVersion, so a stale view fails (409) instead of overwriting.</summary>
public sealed partial class TwinScenarioReconciler
{
    /// <summary>The status by server-side apply, from the resourceVersion read; unchanged status is not written (no event loop on our own writes).</summary>
    private async Task<(TwinScenario Scenario, TwinScenarioStatus Status)> WriteStatusAsync(TwinScenario s, TwinScenarioStatus next, CancellationToken ct)
    {
        if (ScenarioStatuses.SameAs(s.Status, next)) return (s, next);
        var written = await api.ApplyStatusAsync(s, next, ct);
        return (written, written.Status ?? next);
    }

    // Finalizers are added and removed with a JSON patch guarded by a test of metadata.resourceVersion, not by apply:
    // the decision rests on the object as read (deletion seen, cleanup done), so the write must fail if the object
    // changed since; and a JSON patch touches only our entry, never another controller's finalizer in the same list.

    private async Task<TwinScenario> AddFinalizerAsync(TwinScenario s, CancellationToken ct)
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
        await GuardedPatchAsync(s, new JsonArray(
            TestResourceVersion(s),
            new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = Finalizer },
            new JsonObject { ["op"] = "remove", ["path"] = path }), ct);
    }

    private static JsonObject TestResourceVersion(TwinScenario s) =>
        new() { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = s.Metadata.ResourceVersion };

    /// <summary>A JSON patch whose test failed (422) means our view was stale: a conflict like a 409 (the caller's queue retries).</summary>
    private async Task<TwinScenario> GuardedPatchAsync(TwinScenario s, JsonArray ops, CancellationToken ct)
    {
        try
        {
            return await api.PatchScenarioAsync(s, ops, ct);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.UnprocessableEntity))
        {
            throw new StaleObjectException($"TwinScenario {s.Metadata.Namespace}/{s.Metadata.Name} changed since it was read: {ApiErrors.Describe(e)}", e);
        }
    }

    /// <summary>POST; AlreadyExists means an earlier visit (perhaps of another operator instance) created it: adopt it.</summary>
    private async Task<JsonObject> CreateOrAdoptAsync(JsonObject job, CancellationToken ct)
    {
        string ns = Json.Str(job, "metadata", "namespace")!, name = Json.Str(job, "metadata", "name")!;
        try
        {
            return await api.CreateJobAsync(job, ct);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
        {
            Log.Adopted(logger, ns, name);
            return await api.GetJobAsync(ns, name, ct)
                ?? throw new StaleObjectException($"Job {ns}/{name} existed on create and was gone on read.", e);
        }
    }

    /// <summary>Deletes this scenario's Jobs that match (never the cleanup Job); pods follow by background propagation.</summary>
    private async Task DeleteJobsAsync(TwinScenario s, Func<JsonObject, bool> which, CancellationToken ct)
    {
        var jobs = await api.ListJobsAsync(s.Metadata.Namespace!, JobSelector(s), ct);
        foreach (var job in jobs.Where(j => Json.Label(j, ScenarioJobs.CleanupLabel) is null && OwnedBy(j, s) && which(j)))
        {
            string name = Json.Str(job, "metadata", "name")!;
            if (await api.DeleteJobAsync(s.Metadata.Namespace!, name, ct))
                Log.JobDeleted(logger, s.Metadata.Namespace!, name);
        }
    }

    private async Task RecordAsync(TwinScenario s, string type, string reason, string action, string note, CancellationToken ct)
    {
        try
        {
            await events.RecordAsync(s, type, reason, action, note, ct);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
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
