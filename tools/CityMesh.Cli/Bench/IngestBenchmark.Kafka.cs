using CityMesh.LocalServers;
using CityMesh.Messaging;
using CityMesh.Messaging.Kafka;

namespace CityMesh.Cli.Bench;

public sealed partial class IngestBenchmark
{
    /// <summary>
    /// librdkafka's mock cluster keeps only about 5 MB a partition and trims the oldest silently: spread a million
    /// readings over enough partitions that nothing published is trimmed before it is consumed.
    /// </summary>
    private const int MockPartitions = 32;

    /// <summary>
    /// The same run over Kafka (the mock cluster, three brokers on loopback), then, on the same cluster, a bare
    /// Confluent.Kafka producer and consumer moving as many messages of the same size: the ceiling for the bus.
    /// </summary>
    private async Task<IngestBenchmarkResult> RunKafkaAsync(CancellationToken ct)
    {
        await using var cluster = MockKafkaCluster.Start();
        foreach (var topic in new[] { Topics.TelemetryRaw, Topics.TwinChanged, Topics.DeadLetter(Topics.TelemetryRaw), BareTopic })
            cluster.CreateTopic(topic, MockPartitions);
        var kafka = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "citymesh-bench", CreateTopics = false };
        IngestBenchmarkResult result;
        var sent = new SentCounter();
        await using (var bus = new KafkaEventBus(kafka))
        {
            result = await RunOnAsync(bus, (topic, all) => bus.PublishBatchAsync(topic, sent.Count(all), ct), ct);
        }

        var events = sent.Events;
        var size = (int)(sent.Bytes / Math.Max(1, events));
        var bare = await BareKafkaThroughput.MeasureAsync(kafka, BareTopic, (int)events, size, options.Sensors, ct);
        var bareObservations = bare.MessagesPerSecond * options.ReadingsPerEvent;
        output.WriteLine($"peer bare Confluent.Kafka producer+consumer, {events:N0} messages of {size} B on the same cluster: " +
                         $"{bare.MessagesPerSecond:N0} msg/s = {bareObservations:N0} obs/s");
        output.WriteLine($"  the bus end to end (into the twin) runs at {result.ObservationsPerSecond / bareObservations:P0} of the bare client");
        return result;
    }

    private const string BareTopic = "bench.bare";

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
