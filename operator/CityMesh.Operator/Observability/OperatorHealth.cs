using CityMesh.Operator.Controller;

namespace CityMesh.Operator.Observability;

/// <summary>
/// The answers of <c>/healthz</c> and <c>/readyz</c>, read from the running <see cref="OperatorHost"/>. Liveness
/// fails only for what a restart cures (a worker stuck in one reconcile, a controller that died while its replica
/// keeps the Lease); readiness says whether this replica does its job, and a standby waiting for the Lease does.
/// </summary>
public sealed class OperatorHealth(OperatorHost host)
{
    /// <summary>A reconcile running this long is stuck (each is a handful of API calls with client timeouts).</summary>
    public TimeSpan WedgedAfter { get; init; } = TimeSpan.FromMinutes(5);

    public ProbeResult Live()
    {
        if (host.ControllerFault is { } fault)
            return new(false, $"controller failed and was not restarted: {fault.Message}");
        var longest = host.Controller.LongestReconcile;
        if (longest > WedgedAfter)
            return new(false, $"wedged: a reconcile has run for {longest.TotalSeconds:0}s (limit {WedgedAfter.TotalSeconds:0}s)");
        return new(true, "ok");
    }

    public ProbeResult Ready()
    {
        if (!host.IsStarted) return new(false, "starting: the operator has not started yet");
        if (host.ControllerFault is { } fault) return new(false, $"controller failed: {fault.Message}");
        if (!host.IsRunningController)
        {
            return host.UsesLeaderElection
                ? new(true, $"standby: {host.Identity} is not the leader; waiting for lease {host.LeaseNamespace}/{host.LeaseName}")
                : new(false, "controller not running");
        }
        var role = host.UsesLeaderElection ? $"leading (lease {host.LeaseNamespace}/{host.LeaseName})" : "leader election off";
        if (!host.Controller.HasSynced)
        {
            var pending = host.Controller.PendingInformers();
            return new(false, pending.Count > 0
                ? $"not synced: {role}; waiting for the initial list of {string.Join(", ", pending)}"
                : $"not synced: {role}; informers listed, starting workers");
        }
        return new(true, $"ok: {role}; informers synced");
    }
}
