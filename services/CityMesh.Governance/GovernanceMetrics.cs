using System.Diagnostics.Metrics;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions.Storage;
using CityMesh.Governance.Audit;
using CityMesh.Limits.Hosting;
using CityMesh.Limits.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance;

/// <summary>
/// Governance as metrics: actions by state (how many proposals wait for a person, how many ran or failed) and the
/// audit chain's length, both read from their stores every <see cref="MetricsOptions.StoreReadInterval"/> in the background.
/// </summary>
public sealed class GovernanceMetrics : BackgroundService
{
    private readonly PeriodicReading<IReadOnlyDictionary<ActionStatus, long>> _byStatus;
    private readonly PeriodicReading<long> _auditLength;

    public GovernanceMetrics(IMeterFactory meters, IActionStore actions, IAuditLog audit, MetricsOptions options, TimeProvider clock,
        ILogger<GovernanceMetrics> log)
    {
        var every = options.StoreReadInterval;
        _byStatus = new("actions by state", actions.CountByStatusAsync, new Dictionary<ActionStatus, long>(), every, clock, log);
        _auditLength = new("the audit chain's length", async ct => (await audit.HeadAsync(ct))?.Sequence ?? 0, 0, every, clock, log);
        var meter = meters.Create("CityMesh.Governance");
        // Every state is reported, zero included, so a dashboard's "waiting for approval" reads 0 rather than no data.
        meter.CreateObservableGauge("citymesh.governance.actions", () => Enum.GetValues<ActionStatus>().Select(s => new Measurement<long>(
            _byStatus.Latest.GetValueOrDefault(s), new KeyValuePair<string, object?>("citymesh.action.state", s.ToString().ToLowerInvariant()))),
            "{action}", "Governed actions (proposals) by state");
        meter.CreateObservableGauge("citymesh.audit.chain.length", () => _auditLength.Latest, "{record}", "Records in the hash-chained audit log");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_byStatus.RunAsync(stoppingToken), _auditLength.RunAsync(stoppingToken));
}
