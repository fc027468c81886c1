using CityMesh.Contracts.Twin;
using CityMesh.LocalServers;
using CityMesh.Messaging;
using CityMesh.Messaging.Kafka;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Telemetry;

/// <summary>
/// The big case at twin level: a million observations through librdkafka's mock cluster into the
/// <see cref="TelemetryIngestor"/> and a memory twin. The first ingestor crashes mid-batch (half its batch written
/// to the twin, nothing of it committed) and a second one in the same consumer group takes over. Every observation
/// must be in the twin, none lost and none applied twice.
/// </summary>
public sealed class KafkaIngestHandoverTests
{
    private const int Entities = 10_000;
    private const int Attributes = 10;
    private const int Ticks = 10;
    private const long Observations = (long)Entities * Attributes * Ticks;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Should_Reflect_Every_Observation_Once_After_A_Consumer_Crashes_Mid_Batch()
    {
        await using var cluster = MockKafkaCluster.Start();
        // The mock keeps about 5 MB a partition and trims silently: enough partitions to hold the whole run.
        foreach (var topic in new[] { Topics.TelemetryRaw, Topics.TwinChanged, Topics.DeadLetter(Topics.TelemetryRaw) })
            cluster.CreateTopic(topic, 32);
        KafkaOptions Options(string client) => new()
        {
            BootstrapServers = cluster.BootstrapServers, CreateTopics = false, ClientId = client, ShutdownTimeout = TimeSpan.FromMilliseconds(500),
        };
        var twin = new MemoryTwinStore();
        await SeedAsync(twin);
        var ingest = new TelemetryIngestorOptions { MaxEvents = 2_000, MaxWait = TimeSpan.FromMilliseconds(50) };

        await using var sensors = new KafkaEventBus(Options("sensors"));
        var publishing = Task.Run(async () =>
        {
            for (var tick = 0; tick < Ticks; tick++)
            {
                var t = tick;
                await sensors.PublishBatchAsync(Topics.TelemetryRaw, Enumerable.Range(0, Entities).Select(e => Event(e, t)));
            }
        });

        var crashing = new CrashingStore(twin, crashAfter: Observations / 3);
        var firstBus = new KafkaEventBus(Options("twin-1"));
        var first = new TelemetryIngestor(firstBus, new TwinService(crashing, firstBus), NullLogger<TelemetryIngestor>.Instance, ingest);
        var firstSubscription = firstBus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, first.HandleAsync, first.Batches);
        await crashing.Crashed.WaitAsync(TimeSpan.FromSeconds(120));
        await firstSubscription.DisposeAsync();
        await firstBus.DisposeAsync();

        var counting = new CrashingStore(twin, crashAfter: long.MaxValue);
        await using var secondBus = new KafkaEventBus(Options("twin-2"));
        var second = new TelemetryIngestor(secondBus, new TwinService(counting, secondBus), NullLogger<TelemetryIngestor>.Instance, ingest);
        var secondSubscription = secondBus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, second.HandleAsync, second.Batches);
        await publishing.WaitAsync(TimeSpan.FromSeconds(120));
        for (var i = 0; i < 6000 && crashing.Applied + counting.Applied < Observations; i++) await Task.Delay(20);
        await Task.Delay(300); // a late redelivery would show as a duplicate, never as a second application
        await secondSubscription.DisposeAsync();

        Assert.True(crashing.Applied < Observations, "the crash came before everything was applied");
        Assert.Equal(Observations, crashing.Applied + counting.Applied);
        Assert.True(counting.Duplicates > 0, "the half-applied batch came back to the successor and was recognised");
        Assert.Equal(0, second.Rejected);
        for (var e = 0; e < Entities; e++)
        {
            var entity = (await twin.GetAsync(EntityId(e)))!;
            for (var a = 0; a < Attributes; a++)
                Assert.Equal(new Property(TwinValue.Of(ValueOf(e, a, Ticks - 1)), "KMH", Start.AddSeconds(Ticks - 1)), entity.Properties[$"a{a}"]);
        }
    }

    private static string EntityId(int e) => $"urn:ngsi-ld:TrafficFlowObserved:handover:d{e}";

    private static double ValueOf(int entity, int attribute, int tick) => entity * 1_000 + attribute * 10 + tick;

    private static async Task SeedAsync(MemoryTwinStore twin)
    {
        foreach (var chunk in Enumerable.Range(0, Entities).Chunk(1_000))
        {
            await twin.UpsertAsync([.. chunk.Select(e => new Entity
            {
                Id = EntityId(e),
                Type = EntityTypes.TrafficFlowObserved,
                Properties = Enumerable.Range(0, Attributes).ToDictionary(a => $"a{a}", _ => new Property(TwinValue.Of(0), "KMH", Start.AddDays(-1))),
            })], UpsertMode.Replace);
        }
    }

    private static CloudEvent Event(int entity, int tick)
    {
        var batch = new ReadingBatch();
        for (var a = 0; a < Attributes; a++)
        {
            batch.Readings.Add(new Reading
            {
                EntityId = EntityId(entity), Attribute = $"a{a}", Number = ValueOf(entity, a, tick), UnitCode = "KMH",
                ObservedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(tick)),
            });
        }
        return TelemetryContent.Create("/sensors/handover", EntityId(entity), batch);
    }

    /// <summary>
    /// Counts what the twin applied. Once <c>crashAfter</c> observations are in, the next batch is half written and
    /// the call then hangs, as a process dying mid-write would, until the consumer's shutdown cancels it.
    /// </summary>
    private sealed class CrashingStore(ITwinStore inner, long crashAfter) : ForwardingTwinStore(inner)
    {
        private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _applied;
        private long _duplicates;

        public Task Crashed => _crashed.Task;
        public long Applied => Interlocked.Read(ref _applied);
        public long Duplicates => Interlocked.Read(ref _duplicates);

        public override async Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
        {
            if (_crashed.Task.IsCompleted) await Task.Delay(Timeout.Infinite, ct);
            if (Applied >= crashAfter && observations.Count > 1)
            {
                Count(await base.ApplyAsync([.. observations.Take(observations.Count / 2)], ct));
                _crashed.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            var result = await base.ApplyAsync(observations, ct);
            Count(result);
            return result;
        }

        private void Count(ObservationBatchResult result)
        {
            Interlocked.Add(ref _applied, result.Count(ObservationOutcome.Applied));
            Interlocked.Add(ref _duplicates, result.Count(ObservationOutcome.Duplicate));
        }
    }
}
