using System.Text;

namespace CityMesh.Operator.Observability;

/// <summary>The operator's metrics as one <c>/metrics</c> page.</summary>
public static class MetricsExposition
{
    public const string Prefix = "citymesh_operator_";

    public static string Render(OperatorMetrics m)
    {
        var text = new StringBuilder(4096);
        var w = new PrometheusWriter(text);

        const string reconciles = Prefix + "reconcile_total";
        w.Family(reconciles, "counter", "Reconciles of TwinScenarios by result: done, requeue (after a delay) or error (retried with backoff unless terminal).")
            .Sample(reconciles, "result", "done", m.ReconcileDone.Value)
            .Sample(reconciles, "result", "requeue", m.ReconcileRequeue.Value)
            .Sample(reconciles, "result", "error", m.ReconcileError.Value);

        const string duration = Prefix + "reconcile_duration_seconds";
        var h = m.ReconcileDuration.Snapshot();
        w.Family(duration, "histogram", "Time one reconcile took.");
        for (int i = 0; i < h.UpperBounds.Count; i++)
            w.Sample(duration + "_bucket", "le", PrometheusWriter.Format(h.UpperBounds[i]), h.Cumulative[i]);
        w.Sample(duration + "_bucket", "le", "+Inf", h.Count)
            .Sample(duration + "_sum", h.Sum)
            .Sample(duration + "_count", h.Count);

        const string depth = Prefix + "workqueue_depth";
        w.Family(depth, "gauge", "Scenario keys queued and not yet handed to a worker.").Sample(depth, m.WorkqueueDepth);

        const string retries = Prefix + "workqueue_retries_total";
        w.Family(retries, "counter", "Rate-limited re-adds to the work queue (failed or conflicting reconciles).").Sample(retries, m.WorkqueueRetries.Value);

        const string leader = Prefix + "leader";
        w.Family(leader, "gauge", "1 while this replica runs the controller (holds the lease, or leader election is off), else 0.")
            .Sample(leader, m.Leader ? 1 : 0);

        const string restarts = Prefix + "watch_restarts_total";
        w.Family(restarts, "counter", "Watches an informer reopened after its first: stream ended, expired (410, relist) or failed.");
        foreach (var (resource, counter) in m.WatchRestartsByResource) w.Sample(restarts, "resource", resource, counter.Value);

        const string scenarios = Prefix + "scenarios";
        w.Family(scenarios, "gauge", "TwinScenarios seen by the running controller, by status.phase (Unknown: no status yet); none on a standby.");
        if (m.Leader)
        {
            foreach (var (phase, count) in m.Scenarios.Counts()) w.Sample(scenarios, "phase", phase, count);
        }
        return text.ToString();
    }
}
