using System.Collections.Concurrent;
using CityMesh.Contracts.Geo;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Scenarios.Tests.Synthetic.Telemetry;

public sealed class TelemetryPublisherTests
{
    /// <summary>Six hours at 15 minutes, two sensors of every kind, with frequent dropouts.</summary>
    private static TelemetrySeries Series()
    {
        var none = new AnomalyOptions { Rate = 0 };
        var options = new TelemetrySynthesisOptions
        {
            DurationHours = 6,
            IntervalSeconds = 900,
            SitesPerKind = 2,
            Anomalies = new AnomalyRates
            {
                Spike = none, LevelShift = none, Drift = none, Stuck = none, Leak = none,
                Dropout = new AnomalyOptions { Rate = 100, DurationMinutes = new(30, 60) },
            },
        };
        return TelemetryDataset.Generate(options, SensorLayout.Generate(options, 4), 4);
    }

    [Fact]
    public async Task Should_Publish_Readings_On_Telemetry_Raw_In_Time_Order_Keyed_By_Sensor_Without_Dropouts()
    {
        var series = Series();
        Assert.Contains(series.Labels, l => l.Kind == AnomalyKinds.Dropout);
        await using var bus = new InMemoryEventBus();
        var received = new ConcurrentQueue<CloudEvent>();
        await using (bus.Subscribe(Topics.TelemetryRaw, "test", (e, _) => { received.Enqueue(e); return Task.CompletedTask; }))
        {
            var result = await new TelemetryPublisher(bus).PublishAsync(series);
            Assert.Equal(series.PresentSamples(), result.Readings);
            await Until(() => received.Count == result.Events);
        }

        var events = received.ToArray();
        var readings = events.SelectMany(e => TelemetryContent.Parse(e).Readings.Select(r => (Event: e, Reading: r))).ToArray();
        Assert.Equal(series.PresentSamples(), readings.Length);
        Assert.All(events, e => Assert.Equal(TelemetryContent.EventType, e.Type));
        Assert.All(readings, x => Assert.Equal(x.Event.Subject, x.Reading.EntityId));
        var times = readings.Select(x => x.Reading.ObservedAt.ToDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);
        Assert.Equal(events.Length, events.Select(e => e.Id).Distinct().Count());

        // Every reading is the series' value for that sensor, attribute and time, with the twin's unit.
        foreach (var (_, r) in readings)
        {
            var step = (int)((r.ObservedAt.ToDateTimeOffset() - series.Start) / series.Interval);
            Assert.Equal(Math.Round(series.Samples(r.EntityId, r.Attribute)[step], 3), r.Number);
            var unit = SensorKinds.All.SelectMany(SensorKinds.QuantitiesOf).First(q => q.Name == r.Attribute).UnitCode;
            Assert.Equal(unit, r.UnitCode);
        }
        Assert.Equal(["averageVehicleSpeed", "flow", "intensity", "load", "no2", "pm25", "pressure"], readings.Select(x => x.Reading.Attribute).Distinct().Order());

        // Nothing from a sensor during its dropout.
        foreach (var dropout in series.Labels.Where(l => l.Kind == AnomalyKinds.Dropout))
            Assert.DoesNotContain(readings, x => x.Reading.EntityId == dropout.SensorId
                && x.Reading.ObservedAt.ToDateTimeOffset() >= dropout.Start && x.Reading.ObservedAt.ToDateTimeOffset() <= dropout.End);
    }

    [Fact]
    public async Task Should_Land_On_The_Twins_Attributes_Through_Its_Ingestor()
    {
        var series = Series();
        await using var bus = new InMemoryEventBus();
        var store = new MemoryTwinStore();
        var twin = new TwinService(store, bus);
        foreach (var site in series.Sites)
            await store.CreateAsync(new Entity { Id = site.Id, Type = SensorKinds.EntityTypeOf(site.Kind), Location = new Point(site.Longitude, site.Latitude) });
        var ingestor = new TelemetryIngestor(bus, twin, NullLogger<TelemetryIngestor>.Instance);
        var ingestorSubscription = bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        try
        {
            var result = await new TelemetryPublisher(bus).PublishAsync(series);
            await Until(() => ingestor.Accepted + ingestor.Rejected >= result.Readings);
            Assert.Equal(0, ingestor.Rejected);
            Assert.Equal(result.Readings, ingestor.Applied);
        }
        finally
        {
            await ingestorSubscription.DisposeAsync();
        }

        // Each sensor's current value is its last present sample.
        foreach (var site in series.Sites)
        {
            var entity = (await store.GetAsync(site.Id))!;
            foreach (var quantity in SensorKinds.QuantitiesOf(site.Kind))
            {
                var samples = series.Samples(site.Id, quantity.Name).ToArray();
                var last = Array.FindLastIndex(samples, v => !float.IsNaN(v));
                Assert.Equal(Math.Round(samples[last], 3), entity.Properties[quantity.Name].Value.Number);
                Assert.Equal(series.TimeAt(last), entity.Properties[quantity.Name].ObservedAt);
            }
        }
    }

    [Fact]
    public async Task Should_Pace_Sample_Times_By_The_Acceleration_On_The_Clock_It_Is_Given()
    {
        var series = Series();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        await using var bus = new InMemoryEventBus();
        var publishing = new TelemetryPublisher(bus, clock) { TimeAcceleration = 900 }.PublishAsync(series); // one sample per second
        await Until(() => bus.PublishedCount > 0);
        var first = bus.PublishedCount;
        Assert.False(publishing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => bus.PublishedCount > first);
        Assert.False(publishing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(series.Steps));
        var result = await publishing;
        Assert.Equal(result.Events, bus.PublishedCount);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(10, limit.Token);
    }

    /// <summary>A clock that moves only when told, firing the timers that fall due.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() { lock (_timers) return _now; }

        public void Advance(TimeSpan by)
        {
            (TimerCallback, object?)[] due;
            lock (_timers)
            {
                _now += by;
                due = [.. _timers.Where(t => t.Due <= _now).Select(t => (t.Callback, t.State))];
                _timers.RemoveAll(t => t.Due <= _now);
            }
            foreach (var (callback, state) in due) callback(state);
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers) _timers.Add((_now + dueTime, callback, state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
