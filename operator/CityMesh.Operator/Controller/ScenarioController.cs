using CityMesh.Kubernetes;
using CityMesh.Operator.Kube;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Queue;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Controller;

/// <summary>
/// Informers on TwinScenarios and on the Jobs and pods labelled with a scenario feed one work queue of scenario
/// keys; workers reconcile them. Runs until cancelled (shutdown, or loss of leadership), then stops everything.
/// </summary>
/// <param name="metrics">Where reconciles, retries and watch restarts are counted; a private instance when null.</param>
public sealed partial class ScenarioController(IKubernetes kube, OperatorOptions options, TwinScenarioReconciler reconciler,
    TimeProvider queueTime, ILoggerFactory loggers, OperatorMetrics? metrics = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<ScenarioController>();
    private readonly OperatorMetrics _metrics = metrics ?? new OperatorMetrics();
    private readonly WorkerActivity _activity = new(Math.Max(1, options.Workers), queueTime);
    private volatile InformerTraffic[] _informers = [];
    private volatile bool _synced;
    private long _reconciles;

    /// <summary>Reconciles run so far (all keys), for tests and diagnostics.</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    public OperatorMetrics Metrics => _metrics;

    /// <summary>True from the moment every informer has listed (workers start then) until the controller stops.</summary>
    public bool HasSynced => _synced;

    /// <summary>The age of the oldest reconcile in progress (zero when idle): liveness's sign of a wedged worker.</summary>
    public TimeSpan LongestReconcile => _activity.LongestBusy();

    /// <summary>The informers still waiting for their first list, each with why its last list failed, if it did.</summary>
    public IReadOnlyList<string> PendingInformers() =>
        [.. _informers.Where(i => !i.Listed).Select(i => i.LastListError is { } e ? $"{i.Plural} (list failing: {e})" : i.Plural)];

    public async Task RunAsync(CancellationToken ct)
    {
        using var queue = new WorkQueue(queueTime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? ns = string.IsNullOrEmpty(options.WatchNamespace) ? null : options.WatchNamespace;
        var informerLog = loggers.CreateLogger("CityMesh.Kubernetes.Informer");
        InformerTraffic Traffic(string plural) => new(plural, _metrics.WatchRestarts(plural));
        InformerTraffic[] traffic = [Traffic(TwinScenario.Plural), Traffic("jobs"), Traffic("pods")];
        _informers = traffic;
        _metrics.Queue = queue;
        var scenarios = new Informer<TwinScenario>(new ScenarioSource(kube, ns), informerLog, traffic[0]);
        var jobs = new Informer<V1Job>(new JobSource(kube, ns, WorkerContract.ScenarioLabel), informerLog, traffic[1]);
        var pods = new Informer<V1Pod>(new PodSource(kube, ns, WorkerContract.ScenarioLabel), informerLog, traffic[2]);

        Task Enqueue(string? key)
        {
            if (key is not null) queue.Add(key);
            return Task.CompletedTask;
        }

        var tasks = new List<Task>
        {
            scenarios.RunAsync((e, _) =>
            {
                _metrics.Scenarios.Observe(e);
                return Enqueue(e.Key);
            }, stop.Token),
            jobs.RunAsync((e, _) => Enqueue(OwnerKeys.ScenarioKeyOf(e.Object.Metadata)), stop.Token),
            pods.RunAsync((e, _) => Enqueue(OwnerKeys.ScenarioKeyOf(e.Object.Metadata)), stop.Token),
            ResyncAsync(scenarios, queue, stop.Token),
        };
        try
        {
            // Workers start once the caches have listed, so the first reconciles see every Job event too.
            await Task.WhenAll(scenarios.WaitForSyncAsync(stop.Token), jobs.WaitForSyncAsync(stop.Token), pods.WaitForSyncAsync(stop.Token));
            _synced = true;
            Log.Started(_logger, ns ?? "(all)", options.Workers);
            tasks.AddRange(Enumerable.Range(0, Math.Max(1, options.Workers)).Select(worker => WorkAsync(worker, queue, stop.Token)));
            var ended = await Task.WhenAny(tasks);
            if (!stop.IsCancellationRequested)
            {
                // Every loop runs until cancelled; one that ends otherwise leaves a half-working operator, so fail
                // loudly and let the host (and Kubernetes) restart the process.
                await ended;
                throw new InvalidOperationException("A controller loop ended unexpectedly.");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _synced = false;
            stop.Cancel();
            queue.ShutDown();
            try
            {
                await Task.WhenAll(tasks);
            }
            catch (OperationCanceledException)
            {
            }
            // This replica no longer knows the cluster's state: gauges read empty, counters keep their totals.
            _metrics.Queue = null;
            _metrics.Scenarios.Clear();
            Log.Stopped(_logger);
        }
    }

    private async Task WorkAsync(int worker, WorkQueue queue, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && await queue.GetAsync(ct) is { } key)
        {
            long started = _activity.Begin(worker);
            try
            {
                Interlocked.Increment(ref _reconciles);
                ReconcileResult result;
                try
                {
                    result = await reconciler.ReconcileAsync(key, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    result = ReconcileResult.Error(e);
                }
                _metrics.ObserveReconcile(result, _activity.End(worker, started));
                Apply(queue, key, result);
            }
            finally
            {
                _activity.End(worker, started);
                queue.Done(key);
            }
        }
    }

    private void Apply(WorkQueue queue, string key, ReconcileResult result)
    {
        switch (result)
        {
            case ReconcileResult.RequeueAfterResult r:
                queue.Forget(key);
                queue.AddAfter(key, r.Delay);
                break;
            case ReconcileResult.ErrorResult { IsTerminal: true } e:
                Log.Terminal(_logger, key, e.Exception);
                queue.Forget(key);
                break;
            case ReconcileResult.ErrorResult e when ApiErrors.IsConflict(e.Exception):
                // Someone wrote first: read again soon, quietly (controller-runtime users requeue on conflict).
                Log.Conflict(_logger, key, e.Exception.Message);
                _metrics.WorkqueueRetries.Increment();
                queue.AddRateLimited(key);
                break;
            case ReconcileResult.ErrorResult e:
                Log.Failed(_logger, key, queue.NumRequeues(key) + 1, e.Exception);
                _metrics.WorkqueueRetries.Increment();
                queue.AddRateLimited(key);
                break;
            default:
                queue.Forget(key);
                break;
        }
    }

    /// <summary>Every scenario again now and then, so nothing depends on never missing an event.</summary>
    private async Task ResyncAsync(Informer<TwinScenario> scenarios, WorkQueue queue, CancellationToken ct)
    {
        try
        {
            if (options.ResyncSeconds <= 0)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, queueTime, ct);
                return;
            }
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.ResyncSeconds), queueTime, ct);
                foreach (var item in scenarios.Items) queue.Add($"{item.Metadata.Namespace}/{item.Metadata.Name}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Controller started: namespace {Namespace}, {Workers} workers")]
        public static partial void Started(ILogger logger, string @namespace, int workers);

        [LoggerMessage(LogLevel.Information, "Controller stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(LogLevel.Debug, "Reconcile of {Key} met a conflict; retrying: {Message}")]
        public static partial void Conflict(ILogger logger, string key, string message);

        [LoggerMessage(LogLevel.Warning, "Reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
        public static partial void Failed(ILogger logger, string key, int attempt, Exception error);

        [LoggerMessage(LogLevel.Error, "Reconcile of {Key} failed for good; not retried")]
        public static partial void Terminal(ILogger logger, string key, Exception error);
    }
}
