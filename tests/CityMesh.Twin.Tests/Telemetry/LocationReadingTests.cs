using System.Collections.Concurrent;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Telemetry;

/// <summary>
/// An ambulance's terminal reports where it is (a point on <c>location</c>) and where its crew is in the call cycle
/// (<c>emergencyStatus</c>); the ingestor moves the Vehicle, and refuses what is not a position or is governance's.
/// </summary>
public sealed class LocationReadingTests : IAsyncLifetime
{
    private const string Ambulance = "urn:ngsi-ld:Vehicle:jinan:amb-1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemoryEventBus _bus = new(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(1) });
    private readonly MemoryTwinStore _store = new();
    private readonly ConcurrentQueue<CloudEvent> _dead = new();
    private readonly ConcurrentQueue<TwinChange> _changes = new();
    private TelemetryIngestor _ingestor = null!;
    private IAsyncDisposable _subscription = null!;

    public async Task InitializeAsync()
    {
        await _store.CreateAsync(new Entity
        {
            Id = Ambulance,
            Type = EntityTypes.Vehicle,
            Location = new Point(117.00, 36.65),
            Properties = new Dictionary<string, Property>
            {
                ["vehicleType"] = new(TwinValue.Of("ambulance")),
                ["emergencyStatus"] = new(TwinValue.Of("available"), null, T0),
            },
            Relationships = new Dictionary<string, Relationship> { ["refAmbulanceStation"] = new("urn:ngsi-ld:AmbulanceStation:jinan:s1") },
        });
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

    private static Reading Fix(string entity, double lat, double lon, DateTimeOffset at, string attribute = "location") =>
        new() { EntityId = entity, Attribute = attribute, Point = new GeoPoint { Latitude = lat, Longitude = lon }, ObservedAt = Timestamp.FromDateTimeOffset(at) };

    private static Reading Text(string attribute, string value, DateTimeOffset at) =>
        new() { EntityId = Ambulance, Attribute = attribute, Text = value, ObservedAt = Timestamp.FromDateTimeOffset(at) };

    private Task Publish(params Reading[] readings)
    {
        var batch = new ReadingBatch();
        batch.Readings.AddRange(readings);
        return _bus.PublishAsync(Topics.TelemetryRaw, TelemetryContent.Create("/avl", Ambulance, batch));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }

    private async Task<Position> Where() => Assert.IsType<Point>((await _store.GetAsync(Ambulance))!.Location).Coordinates;

    [Fact]
    public async Task A_point_on_location_moves_the_entity_and_the_change_carries_it()
    {
        await Publish(Fix(Ambulance, 36.671, 117.012, T0.AddMinutes(1)), Text("emergencyStatus", "atScene", T0.AddMinutes(1)));
        // The change is published by the store's write, before the ingestor counts what it applied: wait for both.
        await Eventually(() => _changes.Any(c => c.Attributes.ContainsKey("location")) && _ingestor.Applied >= 2);
        Assert.Equal(new Position(117.012, 36.671), await Where());
        Assert.Equal("atScene", (await _store.GetAsync(Ambulance))!.Properties["emergencyStatus"].Value.Text);
        var change = _changes.First(c => c.Attributes.ContainsKey("location"));
        var geometry = GeoJson.Parse(Assert.IsType<System.Text.Json.JsonElement>(change.Attributes["location"]).GetString()!);
        Assert.Equal(new Position(117.012, 36.671), Assert.IsType<Point>(geometry).Coordinates);
        Assert.Empty(_dead);
        Assert.Equal(2, _ingestor.Applied);
    }

    [Fact]
    public async Task A_fix_older_than_the_one_applied_does_not_move_it_back()
    {
        await Publish(Fix(Ambulance, 36.68, 117.03, T0.AddMinutes(5)));
        await Eventually(() => _ingestor.Applied == 1);
        // Late, and in one batch an older and a newer one: only the newest moves the vehicle.
        await Publish(Fix(Ambulance, 36.60, 117.00, T0.AddMinutes(2)));
        await Publish(Fix(Ambulance, 36.69, 117.04, T0.AddMinutes(7)), Fix(Ambulance, 36.61, 117.01, T0.AddMinutes(6)));
        await Eventually(() => _ingestor.Applied == 2 && _ingestor.HistoryOnly == 2);
        Assert.Equal(new Position(117.04, 36.69), await Where());
        Assert.Empty(_dead);
    }

    [Fact]
    public async Task Bad_points_and_governed_values_are_dead_lettered_naming_the_fault()
    {
        await Publish(
            Fix(Ambulance, 91, 117, T0.AddMinutes(1)),
            Fix(Ambulance, 36, -180.5, T0.AddMinutes(1)),
            Fix(Ambulance, double.NaN, 117, T0.AddMinutes(1)),
            Fix(Ambulance, 36, double.PositiveInfinity, T0.AddMinutes(1)),
            Fix(Ambulance, 36.6, 117, T0.AddMinutes(1), attribute: "destination"),
            Fix("urn:ngsi-ld:Vehicle:jinan:nowhere", 36.6, 117, T0.AddMinutes(1)),
            new Reading { EntityId = Ambulance, Attribute = "location", Point = new GeoPoint { Latitude = 36.6, Longitude = 117 }, UnitCode = "DD", ObservedAt = Timestamp.FromDateTimeOffset(T0) },
            new Reading { EntityId = Ambulance, Attribute = "location", Point = new GeoPoint { Latitude = 36.6, Longitude = 117 } },
            // Sending an ambulance is governance's; so is which hospital it takes the patient to.
            Text("emergencyStatus", "dispatched", T0.AddMinutes(1)),
            Text("refHospital", "urn:ngsi-ld:Hospital:jinan:h1", T0.AddMinutes(1)),
            Text("emergencyStatus", "transporting", T0.AddMinutes(2)));
        await Eventually(() => _dead.Count == 1);
        var rejected = _dead.Single().GetData<RejectedTelemetry>().Readings;
        Assert.Equal(10, rejected.Count);
        Assert.Contains(rejected, r => r.Reason == "location: latitude 91 and longitude 117 are not a WGS84 position (finite, latitude -90 to 90, longitude -180 to 180)");
        Assert.Contains(rejected, r => r.Reason.StartsWith("location: latitude 36 and longitude -180.5 are not a WGS84 position"));
        Assert.Contains(rejected, r => r.Reason.StartsWith("location: latitude NaN and longitude 117 are not"));
        Assert.Contains(rejected, r => r.Reason.StartsWith("location: latitude 36 and longitude ∞ are not") || r.Reason.StartsWith("location: latitude 36 and longitude Infinity are not"));
        Assert.Contains(rejected, r => r.Reason == "destination: a point is read only as location");
        Assert.Contains(rejected, r => r.EntityId.EndsWith(":nowhere") && r.Reason == "location: unknown entity");
        Assert.Contains(rejected, r => r.Reason == "location: a point is in WGS84 degrees and takes no unit_code ('DD')");
        Assert.Contains(rejected, r => r.Reason == "location: observed_at is missing");
        Assert.Contains(rejected, r => r.Reason == "emergencyStatus: 'dispatched' on a Vehicle is set only by an approved governance action");
        Assert.Contains(rejected, r => r.Reason == "refHospital: governed on a Vehicle; it changes only through an approved governance action");
        var held = await _store.GetAsync(Ambulance);
        Assert.Equal(new Position(117.00, 36.65), Assert.IsType<Point>(held!.Location).Coordinates);
        Assert.Equal("transporting", held.Properties["emergencyStatus"].Value.Text);
        Assert.Equal(1, _ingestor.Applied);
    }
}
