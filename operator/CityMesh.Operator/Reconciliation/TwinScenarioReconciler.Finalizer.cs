using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Reconciliation;

/// <summary>Deletion: the artifacts on the claim go with the scenario; Jobs and pods go by garbage collection.</summary>
public sealed partial class TwinScenarioReconciler
{
    /// <summary>How often a running cleanup is looked at even without Job events.</summary>
    public static readonly TimeSpan CleanupPoll = TimeSpan.FromSeconds(10);

    private async Task<ReconcileResult> FinalizeAsync(TwinScenario s, CancellationToken ct)
    {
        if (!HasFinalizer(s)) return ReconcileResult.Done;
        string ns = s.Metadata.Namespace!, name = s.Metadata.Name!;
        if (s.Spec.Outputs.Artifacts.PersistentVolumeClaim is not { Length: > 0 })
        {
            // Pod-local artifacts vanish with the pods; nothing to clean.
            await RemoveFinalizerAsync(s, ct);
            return ReconcileResult.Done;
        }

        string cleanupName = JobNames.CleanupJob(name);
        var cleanup = await api.GetJobAsync(ns, cleanupName, ct);
        if (cleanup is null)
        {
            // Stop the simulation first, so it does not write into the directory being removed.
            await DeleteJobsAsync(s, _ => true, ct);
            await CreateOrAdoptAsync(ScenarioJobs.Cleanup(s, options), ct);
            Log.Cleanup(logger, ns, name, $"cleanup Job {cleanupName} started");
            return ReconcileResult.RequeueAfter(CleanupPoll);
        }
        if (Json.Str(Json.Condition(cleanup, "Complete"), "status") == "True")
        {
            await RemoveFinalizerAsync(s, ct);
            Log.Cleanup(logger, ns, name, "artifacts removed; finalizer removed");
            return ReconcileResult.Done;
        }
        if (Json.Condition(cleanup, "Failed") is { } failed && Json.Str(failed, "status") == "True")
        {
            // A cleanup that keeps failing must not keep the scenario forever; the event tells someone to look.
            await RecordAsync(s, EventTypes.Warning, "CleanupFailed", "Cleanup",
                $"Job {cleanupName} failed ({Json.Str(failed, "reason")}); artifacts under {ScenarioJobs.ScenarioDirectory(s)} may remain.", ct);
            await RemoveFinalizerAsync(s, ct);
            return ReconcileResult.Done;
        }
        return ReconcileResult.RequeueAfter(CleanupPoll);
    }
}
