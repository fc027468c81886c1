using CityMesh.Kubernetes;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Reconciliation;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Controller;

/// <summary>
/// One operator process: the reconciler, its events, and the controller, run only while this instance holds the
/// Lease when leader election is on (losing it cancels the controller; workers stop; the elector tries again).
/// </summary>
public sealed partial class OperatorHost
{
    private readonly IKubeApi _api;
    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <param name="time">The operator's clock: condition times, the GPU schedule timeout, leader election.</param>
    /// <param name="queueTime">The work queue's clock (retries, requeues); the operator's clock when null.</param>
    /// <param name="metrics">The process's metrics (served on <c>/metrics</c>); a private instance when null.</param>
    public OperatorHost(IKubeApi api, OperatorOptions options, TimeProvider time, ILoggerFactory loggers, string defaultNamespace = "default",
        TimeProvider? queueTime = null, OperatorMetrics? metrics = null)
    {
        (_api, _options, _time, _loggers) = (api, options, time, loggers);
        _logger = loggers.CreateLogger<OperatorHost>();
        Identity = options.Identity is { Length: > 0 } id ? id
            : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
            : $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        var events = new KubeScenarioEvents(new EventRecorder(api, "citymesh.io/operator", Identity, time, loggers.CreateLogger<EventRecorder>()));
        var reconciler = new TwinScenarioReconciler(api, options, events, time, loggers.CreateLogger<TwinScenarioReconciler>());
        Metrics = metrics ?? new OperatorMetrics();
        Controller = new ScenarioController(api, options, reconciler, queueTime ?? time, loggers, Metrics);
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
        string ns = LeaseNamespace;
        var elector = new LeaderElector(_api, ns, _options.LeaseName, Identity, LeaderElection.Validated(), _time, _loggers.CreateLogger<LeaderElector>());
        Log.Electing(_logger, Identity, ns, _options.LeaseName);
        await elector.RunAsync(async leading =>
        {
            Log.Leading(_logger, Identity);
            await RunControllerAsync(leading);
            if (!ct.IsCancellationRequested) Log.LostLead(_logger, Identity);
        }, ct);
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
    }
}
