using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport.Network;

/// <summary>
/// Keeps <see cref="TransportView"/> in step with the twin. The network is read whole through the twin read API at
/// start and again (gathered over <see cref="TransportOptions.ResyncDelay"/>) whenever <c>twin.changed</c> says a road,
/// intersection, signal or detector was created, deleted or had its static data changed; detector readings in
/// <c>twin.changed</c> are applied as they come, without a read.
/// </summary>
public sealed class TwinFeed(TransportView view, TwinReaderConnection twin, TransportOptions options, string city,
    IHostApplicationLifetime lifetime, ILogger<TwinFeed> log) : BackgroundService, IEventBatchHandler
{
    public const string Subscriber = "transport";

    private static readonly HashSet<string> NetworkTypes = new(TwinEntities.Types, StringComparer.Ordinal);
    private static readonly HashSet<string> ReadingAttributes = [TransportNetworks.Flow, TransportNetworks.Speed, TransportNetworks.Occupancy];

    /// <summary>
    /// Per type, the attributes that change the network when updated; null: any. Live state the view does not use
    /// (a signal's current phase, a detector's congested flag) never makes a re-read.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> StaticAttributes = new(StringComparer.Ordinal)
    {
        [EntityTypes.TrafficSignal] = ["phases", "cycleLength", "controlMode", "refIntersection"],
        [EntityTypes.TrafficFlowObserved] = ["refRoadSegment"],
    };

    private readonly SemaphoreSlim _resync = new(0);
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, string> _roadByDetector = new Dictionary<string, string>();

    /// <summary>Raised with the readings of each applied batch of detector changes: (road local id, reading).</summary>
    public event Action<TransportNetwork, IReadOnlyList<(string Road, RoadReading Reading)>>? ReadingsApplied;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        // The embedded twin answers on this server's own address: wait until it listens.
        await lifetime.WhenStartedAsync(ct);
        Uri? address = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                address ??= twin.Address;
                // A twin still seeding would give half a network: wait until it says it serves.
                if (!await twin.Client.IsServingAsync(ct))
                {
                    log.LogInformation("Waiting for the twin at {Twin} to serve the read API", address);
                    await twin.Client.WaitUntilServingAsync(ct);
                }
                var entities = await TwinEntities.ReadAsync(twin.Client, city, ct);
                var network = TransportNetworks.Build(entities);
                lock (_gate)
                {
                    // Keep readings that arrived since the read began when they are newer than what it returned.
                    var readings = new Dictionary<string, RoadReading>(network.Readings, StringComparer.Ordinal);
                    if (view.Current is { } previous)
                        foreach (var (road, reading) in previous.Readings)
                            if (!readings.TryGetValue(road, out var read) || reading.At > read.At) readings[road] = reading;
                    network = network with { Readings = readings };
                    _roadByDetector = TransportNetworks.RoadByDetector(network);
                    view.Publish(network);
                }
                log.LogInformation("Transport view of {City}: {Roads} roads, {Signals} signals, {Readings} roads with readings, from {Twin}",
                    city, network.Roads.Edges.Count, network.SignalByJunction.Count, network.Readings.Count, address);
                await _resync.WaitAsync(ct);
                await Task.Delay(options.ResyncDelay, ct);
                while (_resync.CurrentCount > 0) await _resync.WaitAsync(ct); // one read for the whole burst
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Cannot read the road network of {City} from the twin at {Twin}: {Reason}; retrying in {Delay}",
                    city, address?.ToString() ?? "(unresolved)", e.Message, options.RetryDelay);
                await Task.Delay(options.RetryDelay, ct).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary><c>twin.changed</c>, in batches (declared in <c>TransportModule</c>).</summary>
    public Task HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var applied = new List<(string Road, RoadReading Reading)>();
        var resync = false;
        TransportNetwork? updated = null;
        lock (_gate)
        {
            var current = view.Current;
            Dictionary<string, RoadReading>? readings = null;
            foreach (var e in events)
            {
                // Other types (v1 from a twin pod not yet upgraded) are skipped: they are state the next change or read replaces.
                if (e.Type != TwinChangeBatch.EventType || !e.HasJsonData) continue;
                foreach (var change in Parse(e).Changes)
                {
                    if (!NetworkTypes.Contains(change.Type) || !change.Id.Contains($":{city}:", StringComparison.Ordinal)) continue;
                    if (change.Change != TwinChangeKind.Updated
                        || !StaticAttributes.TryGetValue(change.Type, out var statics) || change.Attributes.Keys.Any(statics.Contains))
                        resync = true;
                    if (change.Type != EntityTypes.TrafficFlowObserved || change.Change != TwinChangeKind.Updated
                        || !change.Attributes.Keys.Any(ReadingAttributes.Contains)) continue;
                    if (current is null || !_roadByDetector.TryGetValue(change.Id, out var road)) { resync |= current is not null; continue; }
                    if (!current.Roads.EdgeIndex.ContainsKey(road)) continue; // a closed road, out of the network: nothing to apply it to
                    readings ??= new Dictionary<string, RoadReading>(current.Readings, StringComparer.Ordinal);
                    var before = readings.GetValueOrDefault(road) ?? new RoadReading(change.Id, null, null, null, null);
                    var reading = before with
                    {
                        FlowPerHour = Number(change, TransportNetworks.Flow) ?? before.FlowPerHour,
                        SpeedKmh = Number(change, TransportNetworks.Speed) ?? before.SpeedKmh,
                        Occupancy = Number(change, TransportNetworks.Occupancy) ?? before.Occupancy,
                        At = change.ObservedAt ?? e.Time,
                    };
                    readings[road] = reading;
                    applied.Add((road, reading));
                }
            }
            if (readings is not null && current is not null)
            {
                updated = current with { Readings = readings };
                view.Publish(updated);
            }
        }
        if (resync) _resync.Release();
        if (updated is not null && applied.Count > 0) ReadingsApplied?.Invoke(updated, applied);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A v2 event's changes. One that does not read as a batch of changes can never be handled: it is dead-lettered
    /// with the reason (the bus retries the rest of its batch without it), not skipped unseen.
    /// </summary>
    /// <exception cref="PoisonEventException">The data is not a <see cref="TwinChangeBatch"/>; the message names the field.</exception>
    internal static TwinChangeBatch Parse(CloudEvent e)
    {
        TwinChangeBatch? batch;
        try
        {
            batch = e.GetData<TwinChangeBatch>(TwinChange.Json);
        }
        catch (JsonException x)
        {
            throw new PoisonEventException($"twin.changed event {e.Id}: {(x.Path is { } path ? path + ": " : "")}{x.Message}", x);
        }
        if (batch.Changes is null) throw new PoisonEventException($"twin.changed event {e.Id}: changes is missing");
        for (var i = 0; i < batch.Changes.Count; i++)
        {
            var change = batch.Changes[i];
            var missing = change is null ? "" : change.Id is null ? ".id" : change.Type is null ? ".type" : change.Attributes is null ? ".attributes" : null;
            if (missing is not null) throw new PoisonEventException($"twin.changed event {e.Id}: changes[{i}]{missing} is missing");
        }
        return batch;
    }

    private static double? Number(TwinChange change, string attribute) =>
        change.Attributes.TryGetValue(attribute, out var value) && value is JsonElement { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;
}
