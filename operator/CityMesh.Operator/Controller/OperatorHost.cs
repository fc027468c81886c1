using CityMesh.Kubernetes;
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
    private readonly string _defaultNamespace;

    /// <param name="time">The operator's clock: condition times, the GPU schedule timeout, leader election.</param>
    /// <param name="queueTime">The work queue's clock (retries, requeues); the operator's clock when null.</param>
    public OperatorHost(IKubeApi api, OperatorOptions options, TimeProvider time, ILoggerFactory loggers, string defaultNamespace = "default", TimeProvider? queueTime = null)
    {
        (_api, _options, _time, _loggers, _defaultNamespace) = (api, options, time, loggers, defaultNamespace);
        _logger = loggers.CreateLogger<OperatorHost>();
        Identity = options.Identity is { Length: > 0 } id ? id
            : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
            : $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        var events = new KubeScenarioEvents(new EventRecorder(api, "citymesh.io/operator", Identity, time, loggers.CreateLogger<EventRecorder>()));
        var reconciler = new TwinScenarioReconciler(api, options, events, time, loggers.CreateLogger<TwinScenarioReconciler>());
        Controller = new ScenarioController(api, options, reconciler, queueTime ?? time, loggers);
    }

    public string Identity { get; }

    public ScenarioController Controller { get; }

    /// <summary>True while the controller runs (leading, or leader election off).</summary>
    public bool IsRunningController { get; private set; }

    /// <summary>Leader election timing; client-go's defaults.</summary>
    public LeaderElectionTiming LeaderElection { get; init; } = LeaderElectionTiming.Default;

    public async Task RunAsync(CancellationToken ct)
    {
        if (!_options.LeaderElection)
        {
            await RunControllerAsync(ct);
            return;
        }
        string ns = _options.LeaseNamespace is { Length: > 0 } leaseNs ? leaseNs
            : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNs ? podNs
            : _defaultNamespace;
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
        IsRunningController = true;
        try
        {
            await Controller.RunAsync(ct);
        }
        finally
        {
            IsRunningController = false;
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
