using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CityMesh.Operator.Queue;
using CityMesh.Operator.Reconciliation;

namespace CityMesh.Operator.Observability;

/// <summary>
/// The operator's metrics, one instance per process, on the meter <see cref="MeterName"/> (exported at <c>/metrics</c>
/// and over OTLP by CityMesh.Observability): reconciles by result and their duration, the work queue, leadership, watch
/// restarts, and scenarios by phase. Counters live here so they stay monotonic across leadership changes (each lead
/// builds a new controller run and queue); gauges read the current run's state.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "CityMesh.Operator";

    private readonly Meter _meter;
    private readonly Histogram<double> _reconcileDuration;
    private readonly ConcurrentDictionary<string, Counter> _watchRestarts = new(StringComparer.Ordinal);
    private volatile WorkQueue? _queue;
    private volatile bool _leader;

    /// <param name="meters">The host's meter factory; none: a meter of this instance's own (tests).</param>
    public OperatorMetrics(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("citymesh.operator.reconciles", () => new[]
        {
            Result(ReconcileDone.Value, "done"), Result(ReconcileRequeue.Value, "requeue"), Result(ReconcileError.Value, "error"),
        }, "{reconcile}", "Reconciles of TwinScenarios by result: done, requeue (after a delay) or error (retried with backoff unless terminal)");
        _reconcileDuration = _meter.CreateHistogram<double>("citymesh.operator.reconcile.duration", "s", "Time one reconcile took");
        var scenarioDuration = _meter.CreateHistogram<double>("citymesh.scenario.duration", "s",
            "How long a TwinScenario ran, from its start to its completion, by the phase it ended in");
        Scenarios = new ScenarioPhases((phase, ran) =>
            scenarioDuration.Record(ran.TotalSeconds, new KeyValuePair<string, object?>("citymesh.scenario.phase", phase)));
        _meter.CreateObservableGauge("citymesh.operator.workqueue.depth", () => WorkqueueDepth, "{key}", "Scenario keys queued and not yet handed to a worker");
        _meter.CreateObservableCounter("citymesh.operator.workqueue.retries", () => WorkqueueRetries.Value, "{retry}",
            "Rate-limited re-adds to the work queue (failed or conflicting reconciles)");
        _meter.CreateObservableGauge("citymesh.operator.leader", () => Leader ? 1 : 0, null,
            "1 while this replica runs the controller (holds the lease, or leader election is off), else 0");
        _meter.CreateObservableCounter("citymesh.operator.watch.restarts", () => WatchRestartsByResource.Select(p =>
            new Measurement<long>(p.Value.Value, new KeyValuePair<string, object?>("k8s.resource", p.Key))), "{watch}",
            "Watches an informer reopened after its first: stream ended, expired (410, relist) or failed");
        _meter.CreateObservableGauge("citymesh.operator.scenarios", () => (Leader ? Scenarios.Counts() : []).Select(p =>
            new Measurement<int>(p.Value, new KeyValuePair<string, object?>("citymesh.scenario.phase", p.Key))), "{scenario}",
            "TwinScenarios seen by the running controller, by status.phase (Unknown: no status yet); none on a standby");
    }

    /// <summary>The meter the instruments are on (tests listen to this one only).</summary>
    public Meter Meter => _meter;

    public Counter ReconcileDone { get; } = new();
    public Counter ReconcileRequeue { get; } = new();
    public Counter ReconcileError { get; } = new();

    /// <summary>Rate-limited re-adds (errors and conflicts), as client-go's workqueue_retries_total.</summary>
    public Counter WorkqueueRetries { get; } = new();

    public ScenarioPhases Scenarios { get; }

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
        var (counter, name) = result switch
        {
            ReconcileResult.RequeueAfterResult => (ReconcileRequeue, "requeue"),
            ReconcileResult.ErrorResult => (ReconcileError, "error"),
            _ => (ReconcileDone, "done"),
        };
        counter.Increment();
        _reconcileDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("citymesh.reconcile.result", name));
    }

    private static Measurement<long> Result(long count, string result) => new(count, new KeyValuePair<string, object?>("citymesh.reconcile.result", result));

    public void Dispose() => _meter.Dispose();
}
