using CityMesh.LocalServers;
using CityMesh.Messaging;
using CityMesh.Messaging.Kafka;
using Microsoft.Extensions.Logging;

namespace CityMesh.Cli.Bench;

public sealed partial class IngestBenchmark
{
    private const int MockPartitions = 32;

    /// <summary>
    /// The same run over Kafka (the mock cluster, three brokers on loopback), then, on the same cluster, a bare
    /// Confluent.Kafka producer and consumer moving as many messages of the same size: the ceiling for the bus. Both
    /// publishers stay within <see cref="UnreadWindow"/> of their consumer, so the mock's small retention loses nothing.
    /// </summary>
    private async Task<IngestBenchmarkResult> RunKafkaAsync(CancellationToken ct)
    {
        await using var cluster = MockKafkaCluster.Start();
        foreach (var topic in new[] { Topics.TelemetryRaw, Topics.TwinChanged, Topics.DeadLetter(Topics.TelemetryRaw), "bench.bus" }.Concat(BareTopics))
            cluster.CreateTopic(topic, MockPartitions);
        // The bus's warnings and errors (a subscription that stopped, messages trimmed unread) go to stderr.
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true).AddFilter((_, level) => level >= LogLevel.Warning));
        var kafka = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "citymesh-bench", CreateTopics = false };
        IngestBenchmarkResult result;
        var sent = new SentCounter();
        long window = 0;
        await using (var bus = new KafkaEventBus(kafka, loggers))
        {
            result = await RunOnAsync(bus, async (topic, all, handled) =>
            {
                var events = sent.Count(all).GetEnumerator();
                if (!events.MoveNext()) return;
                window = UnreadWindow.Events(events.Current, MockPartitions);
                await PublishWithinAsync(bus, topic, events, window, handled, ct);
            }, () => bus.SkippedCount, ct);
            if (bus.SkippedCount > 0) output.WriteLine($"  {bus.SkippedCount:N0} messages trimmed by the mock's retention before they were read");
        }
        if (WarmingUp) return result;

        var (busAlone, busCost) = await BusAloneAsync(kafka, (int)sent.Events, window, ct);

        var size = (int)(sent.Bytes / Math.Max(1, sent.Events));
        // The peer's rate varies more from run to run than the bus's (on two shared cores, by a third): the median
        // of three runs, each on a topic of its own, is what the bus is held against.
        var bareCost = ProcessCost.Now();
        var bareRuns = new List<BareKafkaThroughputResult>();
        foreach (var topic in BareTopics)
            bareRuns.Add(await BareKafkaThroughput.MeasureAsync(kafka, topic, (int)sent.Events, size, options.Sensors, window, ct));
        bareCost = ProcessCost.Now().Since(bareCost);
        var bare = bareRuns.OrderBy(r => r.MessagesPerSecond).ElementAt(bareRuns.Count / 2);
        var bareObservations = bare.MessagesPerSecond * options.ReadingsPerEvent;
        output.WriteLine($"peer bare Confluent.Kafka producer+consumer, {sent.Events:N0} messages of {size} B on the same cluster, median of " +
                         $"{bareRuns.Count} runs ({string.Join(", ", bareRuns.Select(r => r.MessagesPerSecond.ToString("N0")))}): " +
                         $"{bare.MessagesPerSecond:N0} msg/s = {bareObservations:N0} obs/s");
        output.WriteLine($"  the bus end to end (into the twin) runs at {result.ObservationsPerSecond / bareObservations:P0} of the bare client");
        output.WriteLine($"  the bus alone (same events to a subscriber that only counts them, same batches): {busAlone:N0} msg/s, " +
                         $"{busAlone / bare.MessagesPerSecond:P0} of the bare client");
        output.WriteLine($"  bus alone: {busCost.Per(sent.Events, "event")}");
        output.WriteLine($"  bare peer: {bareCost.Per(sent.Events * bareRuns.Count, "message")}");
        output.WriteLine($"  (publishers held within {window:N0} unread messages of their consumer: half the mock's retention)");
        return result;
    }

    /// <summary>
    /// The transport without the twin: the same events through a fresh bus to a batch subscriber (the ingestor's batch
    /// options) that only counts them. Separates what the bus costs from what the ingestor and the twin cost.
    /// </summary>
    private async Task<(double EventsPerSecond, ProcessCost Cost)> BusAloneAsync(KafkaOptions kafka, int eventCount, long window, CancellationToken ct)
    {
        const string topic = "bench.bus";
        await using var bus = new KafkaEventBus(kafka);
        long received = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = bus.SubscribeBatch(topic, "bench-bus", (events, _) =>
        {
            if (Interlocked.Add(ref received, events.Count) >= eventCount) all.TrySetResult();
            return Task.CompletedTask;
        }, new BatchOptions { MaxEvents = options.BatchEvents, MaxWait = options.BatchWait });
        var ids = Enumerable.Range(0, options.Sensors).Select(SensorId).ToArray();
        var payloads = MakePayloads(ids, eventCount);
        var cost = ProcessCost.Now();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var events = Events(ids, payloads).GetEnumerator();
        if (events.MoveNext()) await PublishWithinAsync(bus, topic, events, window, () => Interlocked.Read(ref received), ct);
        await all.Task.WaitAsync(TimeSpan.FromMinutes(10), ct);
        return (eventCount / clock.Elapsed.TotalSeconds, ProcessCost.Now().Since(cost));
    }

    /// <summary>
    /// Publishes in slices of a quarter window, each once the ingestor has applied enough that the slice keeps the
    /// unread backlog within <paramref name="window"/>. <paramref name="events"/> is positioned on the first event.
    /// </summary>
    private static async Task PublishWithinAsync(KafkaEventBus bus, string topic, IEnumerator<CloudEvent> events, long window,
        Func<long> handled, CancellationToken ct)
    {
        var slice = (int)Math.Clamp(window / 4, 1, 100_000);
        long published = 0;
        var more = true;
        var batch = new List<CloudEvent>(slice);
        while (more)
        {
            batch.Clear();
            do batch.Add(events.Current);
            while ((more = events.MoveNext()) && batch.Count < slice);
            while (published + batch.Count - handled() > window) await Task.Delay(5, ct);
            await bus.PublishBatchAsync(topic, batch, ct);
            published += batch.Count;
        }
    }

    private static readonly string[] BareTopics = ["bench.bare.1", "bench.bare.2", "bench.bare.3"];

    /// <summary>Counts what is published as it streams past, so the bare peer moves as many messages of the same size.</summary>
    private sealed class SentCounter
    {
        public long Events { get; private set; }
        public long Bytes { get; private set; }

        public IEnumerable<CloudEvent> Count(IEnumerable<CloudEvent> all)
        {
            foreach (var e in all)
            {
                Events++;
                Bytes += e.BinaryData.Length;
                yield return e;
            }
        }
    }
}
