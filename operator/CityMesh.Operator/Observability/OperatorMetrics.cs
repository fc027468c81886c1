using System.Collections.Concurrent;
using CityMesh.Operator.Queue;
using CityMesh.Operator.Reconciliation;

namespace CityMesh.Operator.Observability;

/// <summary>
/// What <c>/metrics</c> reports, one instance per process: counters live here so they stay monotonic across
/// leadership changes (each lead builds a new controller run and queue); gauges read the current run's state.
/// </summary>
public sealed class OperatorMetrics
{
    /// <summary>Reconcile duration buckets (seconds): most reconciles are a few API calls, a slow one is minutes.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<string, Counter> _watchRestarts = new(StringComparer.Ordinal);
    private volatile WorkQueue? _queue;
    private volatile bool _leader;

    public Counter ReconcileDone { get; } = new();
    public Counter ReconcileRequeue { get; } = new();
    public Counter ReconcileError { get; } = new();
    public DurationHistogram ReconcileDuration { get; } = new(DurationBuckets);

    /// <summary>Rate-limited re-adds (errors and conflicts), as client-go's workqueue_retries_total.</summary>
    public Counter WorkqueueRetries { get; } = new();

    public ScenarioPhases Scenarios { get; } = new();

    /// <summary>True while this process runs the controller (it leads, or leader election is off).</summary>
    public bool Leader
    {
        get => _leader;
        set => _leader = value;
    }

    /// <summary>The running controller's queue; null while not running.</summary>
    public WorkQueue? Queue
    {
        get => _queue;
        set => _queue = value;
    }

    public int WorkqueueDepth => _queue?.Length ?? 0;

    /// <summary>Watches an informer reopened (stream ended, 410 relist, error), by resource plural.</summary>
    public Counter WatchRestarts(string resource) => _watchRestarts.GetOrAdd(resource, static _ => new Counter());

    public IEnumerable<KeyValuePair<string, Counter>> WatchRestartsByResource =>
        _watchRestarts.OrderBy(p => p.Key, StringComparer.Ordinal);

    public void ObserveReconcile(ReconcileResult result, TimeSpan duration)
    {
        (result switch
        {
            ReconcileResult.RequeueAfterResult => ReconcileRequeue,
            ReconcileResult.ErrorResult => ReconcileError,
            _ => ReconcileDone,
        }).Increment();
        ReconcileDuration.Observe(duration);
    }
}
