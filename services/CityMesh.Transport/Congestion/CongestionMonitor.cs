using System.Diagnostics;
using CityMesh.Transport.Instrumentation;
using System.Threading.Channels;
using CityMesh.Contracts.Transport;
using CityMesh.Messaging;
using CityMesh.Transport.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport.Congestion;

/// <summary>
/// Runs every applied batch of detector readings through the <see cref="CongestionTracker"/> and publishes each
/// change on <c>transport.events</c>. Batches queue here so the twin feed never waits on detection or the bus.
/// </summary>
public sealed class CongestionMonitor : BackgroundService
{
    public const string Domain = "transport";

    private readonly Channel<(TransportNetwork Network, IReadOnlyList<(string Road, RoadReading Reading)> Readings, ActivityContext Trace)> _batches =
        Channel.CreateUnbounded<(TransportNetwork, IReadOnlyList<(string, RoadReading)>, ActivityContext)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CongestionTracker _tracker;
    private readonly Lock _gate = new();
    private readonly IEventBus _bus;
    private readonly ILogger<CongestionMonitor> _log;

    public CongestionMonitor(TwinFeed feed, IEventBus bus, TransportOptions options, ILogger<CongestionMonitor> log)
    {
        _tracker = new CongestionTracker(options.Congestion);
        _bus = bus;
        _log = log;
        feed.ReadingsApplied += (network, readings) => _batches.Writer.TryWrite((network, readings, TransportTelemetry.Current));
    }

    /// <summary>Raised after each change was published (the retiming trigger listens).</summary>
    public event Func<CongestionEvent, TransportNetwork, CancellationToken, Task>? Changed;

    /// <summary>What is congested now: roads with their evidence, intersections with since when.</summary>
    public CongestionSnapshot Snapshot()
    {
        lock (_gate)
            return new CongestionSnapshot(
                [.. _tracker.CongestedRoads().Select(r => new CongestedRoad(r.Road, r.State.Since, r.State.Evidence))],
                [.. _tracker.CongestedIntersections.Select(p => new CongestedIntersection(p.Key, p.Value))]);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await foreach (var (network, readings, trace) in _batches.Reader.ReadAllAsync(ct))
        {
            using var span = TransportTelemetry.Source.StartActivity("congestion check", ActivityKind.Internal, trace)?.SetTag("citymesh.readings", readings.Count);
            IReadOnlyList<CongestionEvent> changes;
            lock (_gate) changes = _tracker.Observe(network, readings);
            foreach (var change in changes)
            {
                var type = change.Congested ? CongestionEvent.DetectedType : CongestionEvent.ClearedType;
                _log.LogInformation("{Kind} {Entity}: {State}", change.Kind, change.Entity, change.Congested ? "congested" : "clear");
                await DomainAnnouncements.PublishThenNotifyAsync(_bus, Domain, CloudEvent.Create(CongestionEvent.Source, type, change, subject: change.Entity),
                    change, network, Changed, _log, ct);
            }
        }
    }
}

public sealed record CongestionSnapshot(IReadOnlyList<CongestedRoad> Roads, IReadOnlyList<CongestedIntersection> Intersections);

public sealed record CongestedRoad(string Road, DateTimeOffset Since, CongestionEvidence? Evidence);

public sealed record CongestedIntersection(string Intersection, DateTimeOffset Since);
