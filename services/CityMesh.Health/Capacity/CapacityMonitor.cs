using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Capacity;

/// <summary>
/// Runs each new <see cref="HealthSnapshot"/> through the <see cref="CapacityTracker"/> and publishes every alert
/// raised, moved or cleared on <c>health.events</c> (CloudEvents <see cref="CapacityAlert.RaisedType"/> /
/// <see cref="CapacityAlert.ClearedType"/>, subject the hospital).
/// </summary>
public sealed class CapacityMonitor(HealthView view, IEventBus bus, HealthOptions options, ILogger<CapacityMonitor> logger) : BackgroundService
{
    public const string Domain = "health";

    private readonly CapacityTracker _tracker = new(options.Capacity);
    private readonly Lock _gate = new();

    /// <summary>Raised after each alert was published (diversion and surge proposals listen).</summary>
    public event Func<CapacityAlert, HealthSnapshot, CancellationToken, Task>? Changed;

    /// <summary>The alerts standing now.</summary>
    public IReadOnlyList<CapacityAlert> Active()
    {
        lock (_gate) return [.. _tracker.Active.OrderBy(a => a.Hospital, StringComparer.Ordinal).ThenBy(a => a.Kind, StringComparer.Ordinal)];
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var snapshot = await view.NextAsync(ct);
            IReadOnlyList<CapacityAlert> changes;
            lock (_gate) changes = _tracker.Observe(snapshot);
            foreach (var alert in changes)
            {
                var type = alert.Active ? CapacityAlert.RaisedType : CapacityAlert.ClearedType;
                logger.LogInformation("{Hospital} {Kind} {BedType}: {State}", alert.Hospital, alert.Kind, alert.BedType, alert.Active ? alert.Level : "cleared");
                await DomainAnnouncements.PublishThenNotifyAsync(bus, Domain, CloudEvent.Create(CapacityAlert.Source, type, alert, subject: alert.Hospital),
                    alert, snapshot, Changed, logger, ct);
            }
        }
    }
}
