using CityMesh.Contracts.Safety;
using CityMesh.Messaging;
using CityMesh.Safety.Gauges;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Alerts;

/// <summary>
/// Runs each new <see cref="SafetySnapshot"/> through <see cref="GaugeAlerts"/> and publishes every alert raised,
/// moved or cleared on <c>safety.events</c> (CloudEvents <see cref="FloodAlert.RaisedType"/> /
/// <see cref="FloodAlert.ClearedType"/>, subject the gauge), then tells the flood response.
/// </summary>
public sealed class FloodAlertMonitor(SafetyView view, GaugeHistory history, IEventBus bus, SafetyOptions options, ILogger<FloodAlertMonitor> logger) : BackgroundService
{
    public const string Domain = "safety";

    private readonly GaugeAlerts _alerts = new(options, history);
    private readonly Lock _gate = new();

    /// <summary>Raised after each alert was published (the flood response listens).</summary>
    public event Func<FloodAlert, SafetySnapshot, CancellationToken, Task>? Changed;

    /// <summary>The alerts standing now.</summary>
    public IReadOnlyList<FloodAlert> Active()
    {
        lock (_gate) return [.. _alerts.Active.OrderBy(a => a.Gauge, StringComparer.Ordinal)];
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await foreach (var snapshot in view.Changes.ReadAllAsync(ct))
        {
            IReadOnlyList<FloodAlert> changes;
            lock (_gate) changes = _alerts.Observe(snapshot);
            foreach (var alert in changes)
            {
                var type = alert.Active ? FloodAlert.RaisedType : FloodAlert.ClearedType;
                logger.LogInformation("{Gauge}: {State} at {Level} m (alert line {Alert} m)", alert.Gauge, alert.Active ? alert.Level : "cleared", alert.WaterLevel, alert.AlertLevel);
                await DomainAnnouncements.PublishThenNotifyAsync(bus, Domain, CloudEvent.Create(FloodAlert.Source, type, alert, subject: alert.Gauge),
                    alert, snapshot, Changed, logger, ct);
            }
        }
    }
}
