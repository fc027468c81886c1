using CityMesh.Operator.Kube;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Reconciliation;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Controller;

/// <summary>
/// One operator process: the reconciler, its events, and the controller, run only while this instance holds the
/// Lease when leader election is on (KubernetesClient's LeaderElector on a LeaseLock; losing the lease cancels the
/// controller, its workers stop, and the elector tries again).
/// </summary>
public sealed partial class OperatorHost
{
    private readonly IKubernetes _kube;
    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <param name="time">The operator's clock: condition times, the GPU schedule timeout, leader election.</param>
    /// <param name="queueTime">The work queue's clock (retries, requeues); the operator's clock when null.</param>
    /// <param name="metrics">The process's metrics (served on <c>/metrics</c>); a private instance when null.</param>
    public OperatorHost(IKubernetes kube, OperatorOptions options, TimeProvider time, ILoggerFactory loggers, string defaultNamespace = "default",
        TimeProvider? queueTime = null, OperatorMetrics? metrics = null)
    {
        (_kube, _options, _time, _loggers) = (kube, options, time, loggers);
        _logger = loggers.CreateLogger<OperatorHost>();
        Identity = options.Identity is { Length: > 0 } id ? id
            : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
            : $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        var events = new ScenarioEventRecorder(kube, "citymesh.io/operator", Identity, time, loggers.CreateLogger<ScenarioEventRecorder>());
        var reconciler = new TwinScenarioReconciler(new ScenarioCluster(kube), options, events, time, loggers.CreateLogger<TwinScenarioReconciler>());
        Metrics = metrics ?? new OperatorMetrics();
        Controller = new ScenarioController(kube, options, reconciler, queueTime ?? time, loggers, Metrics);
        LeaseNamespace = options.LeaseNamespace is { Length: > 0 } leaseNs ? leaseNs
            : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNs ? podNs
            : defaultNamespace;
    }

    public string Identity { get; }

    public ScenarioController Controller { get; }

    public OperatorMetrics Metrics { get; }

    /// <summary>True while the controller runs (leading, or leader election off).</summary>
    public bool IsRunningController { get; private set; }

    /// <summary>True once <see cref="RunAsync"/> has been called.</summary>
    public bool IsStarted { get; private set; }

    public bool UsesLeaderElection => _options.LeaderElection;

    public string LeaseName => _options.LeaseName;

    /// <summary>Where the Lease lives: the setting, else POD_NAMESPACE, else the connection's namespace.</summary>
    public string LeaseNamespace { get; }

    /// <summary>
    /// Why the controller last ended other than by cancellation; cleared when it starts again. With leader election
    /// the elector only logs this and keeps renewing the Lease, so a replica would lead with no controller: liveness
    /// reports it so Kubernetes restarts the process.
    /// </summary>
    public Exception? ControllerFault { get; private set; }

    /// <summary>Leader election timing; client-go's defaults.</summary>
    public LeaderElectionTiming LeaderElection { get; init; } = LeaderElectionTiming.Default;

    public async Task RunAsync(CancellationToken ct)
    {
        IsStarted = true;
        if (!_options.LeaderElection)
        {
            await RunControllerAsync(ct);
            return;
        }
        var timing = LeaderElection.Validated();
        var lease = new LeaseLock(_kube, LeaseNamespace, _options.LeaseName, Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = timing.LeaseDuration,
            RenewDeadline = timing.RenewDeadline,
            RetryPeriod = timing.RetryPeriod,
        });
        CancellationTokenSource? leading = null;
        Task work = Task.CompletedTask;
        // The elector's callbacks are synchronous: the controller runs beside it, started and cancelled from them.
        elector.OnStartedLeading += () =>
        {
            Log.Leading(_logger, Identity);
            leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var token = leading.Token;
            var previous = work;
            work = Task.Run(async () =>
            {
                await Quietly(previous); // a controller from an earlier term stops before the next starts
                await RunControllerAsync(token);
            }, CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            leading?.Cancel();
            if (!ct.IsCancellationRequested) Log.LostLead(_logger, Identity);
        };
        elector.OnError += e => Log.ElectionFailed(_logger, LeaseNamespace, _options.LeaseName, e.Message);
        Log.Electing(_logger, Identity, LeaseNamespace, _options.LeaseName);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            leading?.Cancel();
            await Quietly(work);
            leading?.Dispose();
            if (ct.IsCancellationRequested) await ReleaseAsync(lease, timing);
        }
    }

    /// <summary>
    /// On shutdown, hand the Lease over at once (an empty holder with a 1 s lease) instead of leaving the next replica
    /// to wait out the lease duration: what client-go's ReleaseOnCancel does, which this elector has no option for.
    /// </summary>
    private async Task ReleaseAsync(LeaseLock lease, LeaderElectionTiming timing)
    {
        using var timeout = new CancellationTokenSource(timing.RenewDeadline);
        try
        {
            var record = await lease.GetAsync(timeout.Token);
            if (record.HolderIdentity != Identity) return;
            var now = _time.GetUtcNow().UtcDateTime;
            await lease.UpdateAsync(new LeaderElectionRecord
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaderTransitions = record.LeaderTransitions,
            }, timeout.Token);
            Log.Released(_logger, Identity, LeaseNamespace, _options.LeaseName);
        }
        catch (Exception e)
        {
            Log.ElectionFailed(_logger, LeaseNamespace, _options.LeaseName, $"could not release: {e.Message}");
        }
    }

    private async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Kept in ControllerFault, which liveness reports; the elector itself goes on.
            Log.ControllerFailed(_logger, e);
        }
    }

    private async Task RunControllerAsync(CancellationToken ct)
    {
        (IsRunningController, ControllerFault, Metrics.Leader) = (true, null, true);
        try
        {
            await Controller.RunAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            ControllerFault = e;
            throw;
        }
        finally
        {
            (IsRunningController, Metrics.Leader) = (false, false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "{Identity} campaigning for lease {Namespace}/{Lease}")]
        public static partial void Electing(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(LogLevel.Information, "{Identity} is the leader; starting the controller")]
        public static partial void Leading(ILogger logger, string identity);

        [LoggerMessage(LogLevel.Warning, "{Identity} lost the lease; controller stopped")]
        public static partial void LostLead(ILogger logger, string identity);

        [LoggerMessage(LogLevel.Information, "{Identity} released lease {Namespace}/{Lease}")]
        public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(LogLevel.Warning, "Lease {Namespace}/{Lease}: {Message}")]
        public static partial void ElectionFailed(ILogger logger, string @namespace, string lease, string message);

        [LoggerMessage(LogLevel.Error, "The leader's controller failed")]
        public static partial void ControllerFailed(ILogger logger, Exception error);
    }
}
