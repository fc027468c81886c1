using System.Collections.Concurrent;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Twin.Tests.Telemetry;

/// <summary>twin.changed is at least once: a crash between the twin write and the announcement loses nothing.</summary>
public sealed class TwinChangeAnnouncementTests : IAsyncLifetime
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private readonly MemoryTwinStore _store = new();
    private readonly AnnouncementBus _bus = new();

    public async Task InitializeAsync() => await _store.CreateAsync(new Entity
    {
        Id = Detector,
        Type = EntityTypes.TrafficFlowObserved,
        Properties = new Dictionary<string, Property> { ["intensity"] = new(TwinValue.Of(10), "E50", T0) },
    });

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Observation Intensity(int minutes, double value) => new(Detector, "intensity", TwinValue.Of(value), T0.AddMinutes(minutes), "E50");

    [Fact]
    public async Task Should_Announce_A_Redelivered_Reading_That_Is_Still_Current_When_The_First_Announcement_Was_Lost()
    {
        var twin = new TwinService(_store, _bus);
        _bus.FailNextBatch = true; // the process dies after the write, before twin.changed is out
        await Assert.ThrowsAsync<IOException>(() => twin.ApplyAsync([Intensity(1, 25)]));
        Assert.Equal(25, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
        Assert.Empty(_bus.Changes);

        var redelivered = await twin.ApplyAsync([Intensity(1, 25)]);

        Assert.Equal(ObservationOutcome.Duplicate, Assert.Single(redelivered.Outcomes));
        var change = Assert.Single(_bus.Changes);
        Assert.Equal(Detector, change.Id);
        Assert.Equal(25.0, Convert.ToDouble(change.Attributes["intensity"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Should_Not_Announce_A_Redelivered_Reading_That_Is_No_Longer_Current()
    {
        var twin = new TwinService(_store, _bus);
        await twin.ApplyAsync([Intensity(1, 25)]);
        await twin.ApplyAsync([Intensity(2, 30)]);
        Assert.Equal(2, _bus.Changes.Count);

        var redelivered = await twin.ApplyAsync([Intensity(1, 25)]);

        Assert.Equal(ObservationOutcome.Duplicate, Assert.Single(redelivered.Outcomes));
        Assert.Equal(2, _bus.Changes.Count); // announcing 25 now would tell subscribers the value went back
        Assert.Equal(30, (await _store.GetAsync(Detector))!.Properties["intensity"].Value.Number);
    }

    /// <summary>Records twin.changed batches; can fail the next one as a crash would leave it unsent.</summary>
    private sealed class AnnouncementBus : IEventBus
    {
        public bool FailNextBatch { get; set; }
        public ConcurrentQueue<TwinChange> Changes { get; } = new();

        public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default) => PublishBatchAsync(topic, [cloudEvent], ct);

        public Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default)
        {
            if (FailNextBatch)
            {
                FailNextBatch = false;
                throw new IOException("the process died before the announcement was sent");
            }
            foreach (var e in events)
                foreach (var change in e.GetData<TwinChangeBatch>(TwinService.EventJson).Changes) Changes.Enqueue(change);
            return Task.CompletedTask;
        }

        public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
            throw new NotSupportedException();

        public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
            BatchOptions? options = null) => throw new NotSupportedException();
    }
}
