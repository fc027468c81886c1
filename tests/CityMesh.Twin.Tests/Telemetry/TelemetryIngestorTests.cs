using System.Collections.Concurrent;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Telemetry;

public sealed class TelemetryIngestorTests : IAsyncLifetime
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1";
    private const string Other = "urn:ngsi-ld:TrafficFlowObserved:jinan:d2";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemoryEventBus _bus = new(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(1) });
    private readonly MemoryTwinStore _store = new();
    private readonly ConcurrentQueue<CloudEvent> _dead = new();
    private readonly ConcurrentQueue<TwinChange> _changes = new();
    private TelemetryIngestor _ingestor = null!;
    private IAsyncDisposable _subscription = null!;

    public async Task InitializeAsync()
    {
        foreach (var id in new[] { Detector, Other })
        {
            await _store.CreateAsync(new Entity
            {
                Id = id,
                Type = EntityTypes.TrafficFlowObserved,
                Location = new Point(117.02, 36.66),
                Properties = new Dictionary<string, Property>
                {
                    ["intensity"] = new(TwinValue.Of(10), "E50", T0),
                    ["congested"] = new(TwinValue.Of(false), null, T0),
                },
                Relationships = new Dictionary<string, Relationship> { ["refRoadSegment"] = new("urn:ngsi-ld:RoadSegment:jinan:r1") },
            });
        }
        _bus.Subscribe(Topics.DeadLetter(Topics.TelemetryRaw), "test", (e, _) => { _dead.Enqueue(e); return Task.CompletedTask; });
        _bus.Subscribe(Topics.TwinChanged, "test", (e, _) =>
        {
            foreach (var change in e.GetData<TwinChangeBatch>(TwinService.EventJson).Changes) _changes.Enqueue(change);
            return Task.CompletedTask;
        });
        _ingestor = new TelemetryIngestor(_bus, new TwinService(_store, _bus), NullLogger<TelemetryIngestor>.Instance,
            new TelemetryIngestorOptions { MaxWait = TimeSpan.FromMilliseconds(5) });
        _subscription = _bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, _ingestor.HandleAsync, _ingestor.Batches);
    }

    public async Task DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _bus.DisposeAsync();
    }

    private static Reading Number(string entity, string attribute, DateTimeOffset at, double value, string unit = "") =>
        new() { EntityId = entity, Attribute = attribute, Number = value, UnitCode = unit, ObservedAt = Timestamp.FromDateTimeOffset(at) };

    private static CloudEvent Event(string subject, params Reading[] readings)
    {
        var batch = new ReadingBatch();
        batch.Readings.AddRange(readings);
        return TelemetryContent.Create("/sensors", subject, batch);
    }

    private Task Publish(params Reading[] readings) => _bus.PublishAsync(Topics.TelemetryRaw, Event(Detector, readings));

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }

    [Fact]
    public async Task Should_Apply_Readings_And_Announce_The_Change()
    {
        await Publish(Number(Detector, "intensity", T0.AddMinutes(1), 25, "E50"));
        // The store's write announces the change before the ingestor counts it: wait for both.
        await Eventually(() => _changes.Any(c => c.Attributes.ContainsKey("intensity")) && _ingestor.Applied >= 1);
        var entity = await _store.GetAsync(Detector);
        Assert.Equal(25, entity!.Properties["intensity"].Value.Number);
        Assert.Equal("E50", entity.Properties["intensity"].UnitCode);
        Assert.Equal(T0.AddMinutes(1), entity.Properties["intensity"].ObservedAt);
        Assert.Empty(_dead);
        Assert.Equal(1, _ingestor.Applied);
    }

    [Fact]
    public async Task Should_Take_The_Entity_From_The_Subject_When_A_Reading_Names_None()
    {
        await _bus.PublishAsync(Topics.TelemetryRaw, Event(Other, new Reading
        {
            Attribute = "congested", Flag = true, ObservedAt = Timestamp.FromDateTimeOffset(T0.AddMinutes(1)),
        }));
        await Eventually(() => _ingestor.Applied == 1);
        Assert.Equal(TwinValue.Of(true), (await _store.GetAsync(Other))!.Properties["congested"].Value);
    }

    [Fact]
    public async Task Should_Dead_Letter_Bad_Readings_With_Reasons_And_Apply_The_Rest()
    {
        await Publish(
            Number("urn:ngsi-ld:TrafficFlowObserved:jinan:nowhere", "intensity", T0.AddMinutes(1), 1),
            Number("not a uri", "intensity", T0.AddMinutes(1), 1),
            new Reading { EntityId = Detector, Attribute = "intensity", ObservedAt = Timestamp.FromDateTimeOffset(T0.AddMinutes(1)) },
            Number(Detector, "refRoadSegment", T0.AddMinutes(1), 1),
            Number(Detector, "location", T0.AddMinutes(1), 1),
            new Reading { EntityId = Detector, Attribute = "intensity", Text = "heavy", ObservedAt = Timestamp.FromDateTimeOffset(T0.AddMinutes(1)) },
            Number(Detector, "intensity", T0.AddMinutes(1), 12, "KMH"),
            Number(Detector, "intensity", T0.AddMinutes(1), double.NaN, "E50"),
            new Reading { EntityId = Detector, Attribute = "intensity", Number = 3, UnitCode = "E50" },
            // Past year 9999: a protobuf Timestamp can hold it, the twin cannot; refused, not a batch that fails for ever.
            new Reading { EntityId = Detector, Attribute = "intensity", Number = 4, UnitCode = "E50", ObservedAt = new Timestamp { Seconds = 300_000_000_000 } },
            Number(Detector, "intensity", T0.AddMinutes(2), 30, "E50"));
        await Eventually(() => _dead.Count == 1);
        var letter = _dead.Single();
        Assert.Equal(TelemetryIngestor.RejectedEventType, letter.Type);
        var rejected = letter.GetData<RejectedTelemetry>().Readings;
        Assert.Equal(10, rejected.Count);
        Assert.Contains(rejected, r => r.EntityId.EndsWith(":nowhere") && r.Reason == "intensity: unknown entity");
        Assert.Contains(rejected, r => r.Reason == "entity_id is not an absolute URI");
        Assert.Contains(rejected, r => r.Reason.Contains("no value"));
        Assert.Contains(rejected, r => r.Reason == "refRoadSegment: a relationship, not a property");
        Assert.Contains(rejected, r => r.Reason == "location: a location is read as a point, not a number");
        Assert.Contains(rejected, r => r.Reason == "intensity: a Text reading for a Number attribute");
        Assert.Contains(rejected, r => r.Reason == "intensity: unit_code 'KMH' differs from the attribute's unit 'E50'");
        Assert.Contains(rejected, r => r.Reason == "intensity: number must be finite");
        Assert.Contains(rejected, r => r.Reason == "intensity: observed_at is missing");
        Assert.Contains(rejected, r => r.Reason == "intensity: observed_at (300000000000 s, 0 ns) is not a timestamp from year 1 to 9999");
        // The original event rides along, protobuf data and all, so it can be replayed once fixed.
        Assert.Equal(11, ReadingBatch.Parser.ParseFrom(letter.GetData<RejectedTelemetry>().Original.BinaryData.Span).Readings.Count);
        Assert.Equal(30, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
        Assert.Equal(10, _ingestor.Rejected);
        Assert.Equal(1, _ingestor.Applied);
    }

    [Fact]
    public async Task Should_Dead_Letter_Undecodable_Payloads_And_Keep_Flowing()
    {
        await _bus.PublishAsync(Topics.TelemetryRaw, Event(Detector) with { Id = "garbage", BinaryData = new byte[] { 0xFF, 0xFF, 0xFF } });
        await _bus.PublishAsync(Topics.TelemetryRaw, Event(Detector) with { Id = "empty" });
        await _bus.PublishAsync(Topics.TelemetryRaw, CloudEvent.Create("/sensors", "io.citymesh.telemetry.batch", new { readings = "json" }) with { Id = "json" });
        await Publish(Number(Detector, "intensity", T0.AddMinutes(1), 25, "E50"));
        await Eventually(() => _dead.Count == 3 && _ingestor.Applied == 1);
        var reasons = _dead.ToDictionary(d => d.GetData<RejectedTelemetry>().Original.Id, d => d.GetData<RejectedTelemetry>().Readings.Single().Reason);
        Assert.StartsWith("undecodable: data is not a ReadingBatch", reasons["garbage"]);
        Assert.Equal("undecodable: the ReadingBatch holds no readings", reasons["empty"]);
        Assert.StartsWith("undecodable: type 'io.citymesh.telemetry.batch'", reasons["json"]);
        Assert.Equal(3, _ingestor.Rejected);
    }

    [Fact]
    public async Task Should_Change_Nothing_When_A_Batch_Is_Redelivered()
    {
        var batch = Event(Detector, Number(Detector, "intensity", T0.AddMinutes(5), 50, "E50"));
        await _bus.PublishAsync(Topics.TelemetryRaw, batch);
        await Eventually(() => _changes.Count == 1);
        await _bus.PublishAsync(Topics.TelemetryRaw, batch);
        await Publish(Number(Detector, "intensity", T0.AddMinutes(3), 40, "E50")); // late: history only
        await Eventually(() => _ingestor.Events == 3 && _ingestor.HistoryOnly == 1);
        Assert.Equal(1, _ingestor.Redelivered);
        Assert.Equal(1, _ingestor.Applied);
        Assert.Single(_changes);
        var history = await _store.GetHistoryAsync(new CityMesh.Twin.Query.TemporalQuery(Detector, ["intensity"]));
        Assert.Equal([10.0, 40, 50], history!.Attributes["intensity"].Select(p => p.Value.Number));
        Assert.Equal(50, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
    }

    [Fact]
    public async Task Should_Redeliver_A_Batch_That_Failed_Part_Way_And_Apply_It_Once()
    {
        // A store that fails once after applying: the crash comes after the twin changed but before the ids were
        // remembered, so the bus redelivers and the ingestor must see the readings as already held.
        var flaky = new FailingOnceStore(_store);
        var bus = new InMemoryEventBus(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(1) });
        var changes = new ConcurrentQueue<CloudEvent>();
        bus.Subscribe(Topics.TwinChanged, "test", (e, _) => { changes.Enqueue(e); return Task.CompletedTask; });
        var ingestor = new TelemetryIngestor(bus, new TwinService(flaky, bus), NullLogger<TelemetryIngestor>.Instance);
        var ingestorSubscription = bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        await bus.PublishAsync(Topics.TelemetryRaw, Event(Detector, Number(Detector, "intensity", T0.AddMinutes(7), 70, "E50")));
        await bus.PublishAsync(Topics.TelemetryRaw, Event(Other, Number(Other, "intensity", T0.AddMinutes(7), 71, "E50")));
        await Eventually(() => ingestor.Accepted == 2);
        await ingestorSubscription.DisposeAsync();
        await bus.DisposeAsync();

        // The readings the crashed attempt had written come back as duplicates: counted once, applied once.
        Assert.True(flaky.Failed);
        Assert.InRange(flaky.AppliedBeforeFailure, 1, 2);
        Assert.Equal(flaky.AppliedBeforeFailure, ingestor.Duplicates);
        Assert.Equal(2 - flaky.AppliedBeforeFailure, ingestor.Applied);
        Assert.Equal(70, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
        Assert.Equal(71, (await _store.GetAsync(Other))!.Properties["intensity"].Value.Number);
        var history = await _store.GetHistoryAsync(new CityMesh.Twin.Query.TemporalQuery(Detector, ["intensity"]));
        Assert.Equal([10.0, 70], history!.Attributes["intensity"].Select(p => p.Value.Number));
        // Nothing announced twice. (The crashed attempt's own announcement is lost with it: twin.changed is published
        // after the store write, without an outbox.)
        var announced = changes.SelectMany(e => e.GetData<TwinChangeBatch>(TwinService.EventJson).Changes).Select(c => c.Id).ToList();
        Assert.Equal(announced.Count, announced.Distinct().Count());
    }

    /// <summary>Applies the first batch to the real store, then throws as if the process died.</summary>
    private sealed class FailingOnceStore(MemoryTwinStore inner) : ForwardingTwinStore(inner)
    {
        public bool Failed { get; private set; }
        public int AppliedBeforeFailure { get; private set; }

        public override async Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
        {
            var result = await base.ApplyAsync(observations, ct);
            if (Failed) return result;
            Failed = true;
            AppliedBeforeFailure = observations.Count;
            throw new IOException("crash after applying");
        }
    }
}
