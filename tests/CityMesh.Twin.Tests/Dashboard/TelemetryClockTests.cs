using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Dashboard;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using CityMesh.Twin.Tests.Seeding;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Dashboard;

/// <summary>The city clock the dashboard shows, told by the telemetry the twin applies, whoever sent it.</summary>
public sealed class TelemetryClockTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CityStart = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryEventBus _bus = new();
    private readonly MemoryTwinStore _store = new();
    private readonly ManualClock _now = new(Sent);
    private readonly TelemetryClock _clock;

    public TelemetryClockTests() =>
        _clock = new TelemetryClock(new TelemetryIngestor(_bus, new TwinService(_store, _bus), NullLogger<TelemetryIngestor>.Instance), _now);

    [Fact]
    public void Should_Have_No_City_Time_Before_Any_Telemetry()
    {
        Assert.Null(_clock.CityTime);
        Assert.Equal(1, _clock.TimeAcceleration);
    }

    [Fact]
    public void Should_Run_At_The_Rate_Simulated_Readings_Show_And_Go_On_Between_Them()
    {
        // Rounds every half second, sixty city seconds a second, as the simulated sensors send them.
        for (var round = 0; round <= 6; round++)
        {
            var sent = Sent.AddSeconds(0.5 * round);
            _clock.Observe([Event(sent, CityStart.AddSeconds(30 * round))]);
        }
        Assert.Equal(60, _clock.TimeAcceleration);

        _now.Now = Sent.AddSeconds(4); // one second after the last round
        Assert.Equal(CityStart.AddSeconds(180 + 60), _clock.CityTime);
    }

    [Fact]
    public void Should_Read_Real_Time_For_Real_Sensors_Despite_Their_Jitter()
    {
        // Readings reach the twin 10 to 110 ms after they were taken.
        var lag = new[] { 80, 20, 110, 50, 90, 10, 70 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
        for (var i = 0; i < lag.Length; i++)
        {
            var sent = Sent + TimeSpan.FromSeconds(i);
            _clock.Record(sent, sent - lag[i]);
        }
        Assert.Equal(1, _clock.TimeAcceleration);
        _now.Now = Sent + TimeSpan.FromSeconds(lag.Length);
        Assert.Equal(_now.Now - lag[^1], _clock.CityTime);
    }

    [Fact]
    public void Should_Take_The_Newest_Event_Of_A_Batch_And_Never_Go_Back()
    {
        _clock.Observe([Event(Sent.AddSeconds(1), CityStart.AddMinutes(1)), Event(Sent, CityStart), Undecodable(Sent.AddSeconds(2))]);
        _now.Now = Sent.AddSeconds(1);
        Assert.Equal(CityStart.AddMinutes(1), _clock.CityTime);

        // A late event, sent before the newest one seen, does not move the clock back.
        _clock.Observe([Event(Sent.AddSeconds(0.5), CityStart)]);
        Assert.Equal(CityStart.AddMinutes(1), _clock.CityTime);
    }

    [Fact]
    public void Should_Pass_By_Readings_The_Ingestor_Refused_For_Their_Time()
    {
        // The newest event's readings have no observedAt, or one past year 9999: the next event sets the clock.
        var noTime = TelemetryContent.Create("/test/sensors", "urn:ngsi-ld:TrafficFlowObserved:jinan:d1",
            new ReadingBatch { Readings = { new Reading { Attribute = "intensity", Number = 1 } } }) with { Time = Sent.AddSeconds(3) };
        var farFuture = TelemetryContent.Create("/test/sensors", "urn:ngsi-ld:TrafficFlowObserved:jinan:d1",
            new ReadingBatch { Readings = { new Reading { Attribute = "intensity", Number = 1, ObservedAt = new Timestamp { Seconds = 300_000_000_000 } } } }) with { Time = Sent.AddSeconds(2) };
        _clock.Observe([noTime, farFuture, Event(Sent.AddSeconds(1), CityStart.AddMinutes(5))]);
        _now.Now = Sent.AddSeconds(1);
        Assert.Equal(CityStart.AddMinutes(5), _clock.CityTime);
    }

    [Fact]
    public void Should_Leave_The_Dashboard_To_Wall_Time_When_Telemetry_Falls_Silent()
    {
        _clock.Record(Sent, CityStart);
        _now.Now = Sent + TelemetryClock.Silence + TimeSpan.FromSeconds(1);
        Assert.Null(_clock.CityTime);
    }

    private static CloudEvent Event(DateTimeOffset sent, DateTimeOffset observedAt)
    {
        var batch = new ReadingBatch();
        batch.Readings.Add(new Reading { EntityId = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1", Attribute = "intensity", Number = 1, ObservedAt = Timestamp.FromDateTimeOffset(observedAt) });
        return TelemetryContent.Create("/test/sensors", "urn:ngsi-ld:TrafficFlowObserved:jinan:d1", batch) with { Time = sent };
    }

    /// <summary>Telemetry whose data is not a ReadingBatch: the ingestor dead-letters it, the clock ignores it.</summary>
    private static CloudEvent Undecodable(DateTimeOffset sent) =>
        Event(sent, CityStart.AddDays(1)) with { BinaryData = new byte[] { 0xFF, 0xFF, 0xFF } };

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _store.DisposeAsync();
    }
}
