using System.Diagnostics;
using CityMesh.Messaging.Idempotency;
using CityMesh.Messaging.Kafka;
using CityMesh.Messaging.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>
/// The big one: a million observations through the mock Kafka cluster, a consumer that crashes mid-batch
/// (its last batch half applied, never committed), and a successor in the same group that takes over. Every
/// observation must be reflected once: none lost, redelivered events recognised and not applied again.
/// </summary>
public sealed class KafkaTelemetryHandoverTests(MockKafkaClusterFixture kafka, ITestOutputHelper output) : IClassFixture<MockKafkaClusterFixture>
{
    private const int Entities = 10_000;
    private const int Attributes = 10;
    private const int Ticks = 10; // 10,000 entities × 10 attributes × 10 ticks = 1,000,000 observations in 100,000 events
    private const int Observations = Entities * Attributes * Ticks;
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private static string EntityId(int e) => $"urn:ngsi-ld:TrafficFlowObserved:jinan:{e}";

    private static double ValueOf(int entity, int attribute, int tick) => entity * 0.5 + attribute * 1000 + tick;

    [Fact]
    public async Task Should_Reflect_A_Million_Observations_Once_When_A_Consumer_Crashes_Mid_Batch_And_Another_Takes_Over()
    {
        const string topic = "telemetry.raw.handover";
        // The mock keeps about 5 MB per partition and trims the oldest beyond it; 32 partitions hold the whole ~90 MB
        // run, so a consumer that falls behind (the crash, the successor's group join) loses nothing to trimming.
        kafka.Cluster.CreateTopic(topic, partitions: 32);
        var sink = new ObservationSink();
        var batching = new BatchOptions { MaxEvents = 2_000, MaxWait = TimeSpan.FromMilliseconds(50) };
        var clock = Stopwatch.StartNew();

        await using var publisher = new KafkaEventBus(kafka.Options() with { ClientId = "sensors" });
        var publishing = Task.Run(async () =>
        {
            for (var tick = 0; tick < Ticks; tick++)
            {
                var t = tick;
                await publisher.PublishBatchAsync(topic, Enumerable.Range(0, Entities).Select(e => Reading(e, t)));
            }
        });

        // The first consumer crashes once a third of the observations are in: half of its batch applied, the rest not,
        // and nothing of that batch committed. Its handler then hangs until the forced shutdown cancels it.
        var crashed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new KafkaEventBus(kafka.Options() with { ClientId = "twin-1", ShutdownTimeout = TimeSpan.FromMilliseconds(500) });
        var firstSubscription = first.SubscribeBatch(topic, "twin-telemetry", async (batch, ct) =>
        {
            if (crashed.Task.IsCompleted || sink.Applied < Observations / 3 || batch.Count < 2)
            {
                if (!crashed.Task.IsCompleted) sink.Apply(batch);
                else await Task.Delay(Timeout.Infinite, ct);
                return;
            }
            sink.Apply(batch.Take(batch.Count / 2).ToList());
            crashed.TrySetResult(batch.Count);
            await Task.Delay(Timeout.Infinite, ct);
        }, batching);
        var crashBatch = await crashed.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await firstSubscription.DisposeAsync();
        await first.DisposeAsync();
        var appliedAtCrash = sink.Applied;
        output.WriteLine($"crash after {clock.Elapsed.TotalSeconds:F1} s with {appliedAtCrash:N0} observations applied, mid-batch of {crashBatch} events");

        await using var second = new KafkaEventBus(kafka.Options() with { ClientId = "twin-2" });
        await using var secondSubscription = second.SubscribeBatch(topic, "twin-telemetry", (batch, _) =>
        {
            sink.Apply(batch);
            return Task.CompletedTask;
        }, batching);

        await publishing.WaitAsync(TimeSpan.FromSeconds(90));
        while (sink.Applied < Observations && clock.Elapsed < TimeSpan.FromSeconds(110)) await Task.Delay(20);
        await Task.Delay(200); // anything redelivered late would show up as a duplicate, never as a second application
        output.WriteLine($"{Observations:N0} observations in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({Observations / clock.Elapsed.TotalSeconds:N0} obs/s); duplicates recognised: {sink.DuplicateEvents} events");

        Assert.True(appliedAtCrash < Observations, "the crash happened before everything was applied");
        Assert.Equal(Observations, sink.Applied);
        Assert.Equal(0, sink.OutOfOrder);
        // The half-applied batch came back to the successor: it was recognised, not applied again. And no more than
        // the uncommitted tail came back: the successor started from the first consumer's last commit.
        Assert.InRange(sink.DuplicateEvents, crashBatch / 2, batching.MaxEvents);
        Assert.Equal(0, second.DeadLetteredCount);
        var latest = sink.Latest();
        Assert.Equal(Entities * Attributes, latest.Count);
        for (var e = 0; e < Entities; e++)
        {
            for (var a = 0; a < Attributes; a++)
            {
                var (observedAt, value) = latest[(EntityId(e), $"a{a}")];
                Assert.Equal(Start.AddSeconds(Ticks - 1), observedAt);
                Assert.Equal(ValueOf(e, a, Ticks - 1), value);
            }
        }
    }

    private static CloudEvent Reading(int entity, int tick)
    {
        var batch = new ReadingBatch();
        var observedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(tick));
        for (var a = 0; a < Attributes; a++)
        {
            batch.Readings.Add(new Reading
            {
                EntityId = EntityId(entity), Attribute = $"a{a}", Number = ValueOf(entity, a, tick), UnitCode = "KMH", ObservedAt = observedAt,
            });
        }
        return TelemetryContent.Create("/sensors/handover", EntityId(entity), batch);
    }

    /// <summary>
    /// Stands in for the twin: idempotent on the event id (the dedupe window), newest observation per (entity,
    /// attribute) kept. Counts what it applied, what it recognised as redelivered, and what arrived out of order.
    /// </summary>
    private sealed class ObservationSink
    {
        private readonly RecentEventIds _seen = new();
        private readonly Dictionary<(string Entity, string Attribute), (DateTimeOffset ObservedAt, double Value)> _latest = [];
        private readonly Lock _gate = new();
        private long _applied;
        private long _duplicates;
        private long _outOfOrder;

        public long Applied => Interlocked.Read(ref _applied);
        public long DuplicateEvents => Interlocked.Read(ref _duplicates);
        public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

        public void Apply(IReadOnlyList<CloudEvent> events)
        {
            foreach (var e in events)
            {
                if (!_seen.TryAdd(e.Id))
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }
                var readings = TelemetryContent.Parse(e).Readings;
                lock (_gate)
                {
                    foreach (var r in readings)
                    {
                        var key = (r.EntityId, r.Attribute);
                        var at = r.ObservedAt.ToDateTimeOffset();
                        if (_latest.TryGetValue(key, out var current) && current.ObservedAt >= at) _outOfOrder++;
                        else _latest[key] = (at, r.Number);
                    }
                }
                Interlocked.Add(ref _applied, readings.Count);
            }
        }

        public Dictionary<(string, string), (DateTimeOffset, double)> Latest()
        {
            lock (_gate) return new(_latest);
        }
    }
}
