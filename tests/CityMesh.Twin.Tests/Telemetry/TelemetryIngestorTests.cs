using System.Collections.Concurrent;
using CityMesh.Messaging;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Telemetry;

public sealed class TelemetryIngestorTests : IAsyncLifetime
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemoryEventBus _bus = new(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(1) });
    private readonly MemoryTwinStore _store = new();
    private readonly ConcurrentQueue<CloudEvent> _dead = new();
    private readonly ConcurrentQueue<TwinChange> _changes = new();
    private TelemetryIngestor _ingestor = null!;

    public async Task InitializeAsync()
    {
        await _store.CreateAsync(new Entity
        {
            Id = Detector,
            Type = EntityTypes.TrafficFlowObserved,
            Location = new Point(117.02, 36.66),
            Properties = new Dictionary<string, Property> { ["intensity"] = new(TwinValue.Of(10), "E50", T0) },
            Relationships = new Dictionary<string, Relationship> { ["refRoadSegment"] = new("urn:ngsi-ld:RoadSegment:jinan:r1") },
        });
        _bus.Subscribe(Topics.DeadLetter(Topics.TelemetryRaw), "test", (e, _) => { _dead.Enqueue(e); return Task.CompletedTask; });
        _bus.Subscribe(Topics.TwinChanged, "test", (e, _) => { _changes.Enqueue(e.GetData<TwinChange>(TwinService.EventJson)); return Task.CompletedTask; });
        _ingestor = new TelemetryIngestor(_bus, new TwinService(_store, _bus), NullLogger<TelemetryIngestor>.Instance);
        await _ingestor.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _ingestor.StopAsync(default);
        await _bus.DisposeAsync();
    }

    private Task Publish(params TelemetryReading[] readings) =>
        _bus.PublishAsync(Topics.TelemetryRaw, CloudEvent.Create("/sensors", TelemetryBatch.EventType, new TelemetryBatch(readings)));

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }

    [Fact]
    public async Task Should_Apply_Readings_And_Announce_The_Change()
    {
        await Publish(new TelemetryReading(Detector, "intensity", T0.AddMinutes(1), Number: 25, UnitCode: "E50"));
        await Eventually(() => _changes.Any(c => c.Attributes.ContainsKey("intensity")));
        var entity = await _store.GetAsync(Detector);
        Assert.Equal(25, entity!.Properties["intensity"].Value.Number);
        Assert.Equal(T0.AddMinutes(1), entity.Properties["intensity"].ObservedAt);
        Assert.Empty(_dead);
    }

    [Fact]
    public async Task Should_Dead_Letter_Bad_Readings_With_Reasons_And_Apply_The_Rest()
    {
        await Publish(
            new TelemetryReading("urn:ngsi-ld:TrafficFlowObserved:jinan:nowhere", "intensity", T0.AddMinutes(1), Number: 1),
            new TelemetryReading("not a uri", "intensity", T0.AddMinutes(1), Number: 1),
            new TelemetryReading(Detector, "intensity", T0.AddMinutes(1), Number: 1, Text: "both"),
            new TelemetryReading(Detector, "refRoadSegment", T0.AddMinutes(1), Number: 1),
            new TelemetryReading(Detector, "intensity", T0.AddMinutes(2), Number: 30));
        await Eventually(() => _dead.Count == 1);
        var rejected = _dead.Single().GetData<RejectedTelemetry>().Readings;
        Assert.Equal(4, rejected.Count);
        Assert.Contains(rejected, r => r.Reason.Contains("UnknownEntity"));
        Assert.Contains(rejected, r => r.Reason.Contains("absolute URI"));
        Assert.Contains(rejected, r => r.Reason.Contains("exactly one"));
        Assert.Contains(rejected, r => r.Reason.Contains("InvalidAttribute"));
        Assert.Equal(30, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
        Assert.Equal(4, _ingestor.Rejected);
    }

    [Fact]
    public async Task Should_Dead_Letter_An_Undecodable_Payload()
    {
        await _bus.PublishAsync(Topics.TelemetryRaw, CloudEvent.Create("/sensors", TelemetryBatch.EventType, new { readings = "garbage" }));
        await Eventually(() => _dead.Count == 1);
        Assert.Contains("undecodable", _dead.Single().GetData<RejectedTelemetry>().Readings[0].Reason);
    }

    [Fact]
    public async Task Should_Change_Nothing_When_A_Batch_Is_Redelivered()
    {
        var batch = CloudEvent.Create("/sensors", TelemetryBatch.EventType,
            new TelemetryBatch([new TelemetryReading(Detector, "intensity", T0.AddMinutes(5), Number: 50)]));
        await _bus.PublishAsync(Topics.TelemetryRaw, batch);
        await Eventually(() => _changes.Count == 1);
        await _bus.PublishAsync(Topics.TelemetryRaw, batch);
        await Publish(new TelemetryReading(Detector, "intensity", T0.AddMinutes(3), Number: 40)); // late: history only
        await Eventually(() => _ingestor.Applied == 3); // all three events handled, none rejected
        Assert.Single(_changes);
        var history = await _store.GetHistoryAsync(new CityMesh.Twin.Query.TemporalQuery(Detector, ["intensity"]));
        Assert.Equal([10.0, 40, 50], history!.Attributes["intensity"].Select(p => p.Value.Number));
        Assert.Equal(50, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
    }
}
