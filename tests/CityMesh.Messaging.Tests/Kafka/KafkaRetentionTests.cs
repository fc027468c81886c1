using System.Collections.Concurrent;
using CityMesh.LocalServers;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>
/// What happens to a subscriber that falls further behind than a topic keeps. `citymesh bench ingest --transport
/// kafka` hung on a million events because the mock cluster had trimmed messages its consumer had not read yet and
/// nothing said so: the bench waited for events that no longer existed.
/// </summary>
public sealed class KafkaRetentionTests(MockKafkaClusterFixture kafka) : IClassFixture<MockKafkaClusterFixture>
{
    private const int MessageBytes = 64 * 1024;

    private string OnePartitionTopic(string name)
    {
        var topic = $"r{Guid.NewGuid():N}"[..13] + "." + name;
        kafka.Cluster.CreateTopic(topic, 1);
        return topic;
    }

    private static CloudEvent Sized(int n) => new()
    {
        Id = $"e{n}", Source = "/retention", Type = "io.citymesh.test", DataContentType = "application/octet-stream",
        BinaryData = new byte[MessageBytes],
    };

    [Fact]
    public void The_mock_cluster_keeps_its_retained_bytes_per_partition_and_trims_the_oldest()
    {
        var topic = OnePartitionTopic("trim");
        var messages = (int)(3 * MockKafkaCluster.RetainedBytesPerPartition / MessageBytes);
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 0 })
                   .SetLogHandler((_, _) => { }).Build())
        {
            for (var i = 0; i < messages; i++) producer.Produce(topic, new Message<Null, byte[]> { Value = new byte[MessageBytes] });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "w" })
            .SetLogHandler((_, _) => { }).Build();
        var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(messages, marks.High.Value);
        Assert.True(marks.Low.Value > 0, "the oldest messages were trimmed");
        Assert.True((marks.High.Value - marks.Low.Value) * MessageBytes <= MockKafkaCluster.RetainedBytesPerPartition,
            $"kept {marks.High.Value - marks.Low.Value} messages of {MessageBytes} B, more than {MockKafkaCluster.RetainedBytesPerPartition} B");
    }

    [Fact]
    public async Task A_subscriber_counts_the_messages_removed_before_it_read_them()
    {
        var topic = OnePartitionTopic("behind");
        // The consumer may buffer little ahead of its handler, so the broker, not the client, holds the backlog.
        var options = kafka.Options() with { Librdkafka = new() { ["queued.max.messages.kbytes"] = "256" } };
        await using var bus = new KafkaEventBus(options);
        var received = new ConcurrentQueue<string>();
        using var gate = new ManualResetEventSlim();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = bus.Subscribe(topic, "slow", (e, _) =>
        {
            reading.TrySetResult();
            gate.Wait(); // held at the first event while the backlog grows past the retention
            received.Enqueue(e.Id);
            return Task.CompletedTask;
        });
        await bus.PublishAsync(topic, Sized(0));
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the group has joined and read from offset 0
        var total = 1 + (int)(3 * MockKafkaCluster.RetainedBytesPerPartition / MessageBytes);
        await bus.PublishBatchAsync(topic, Enumerable.Range(1, total - 1).Select(Sized));
        gate.Set();

        for (var i = 0; i < 3000 && received.Count + bus.SkippedCount < total; i++) await Task.Delay(10);
        Assert.True(bus.SkippedCount > 0, $"the trimmed messages were counted (received {received.Count} of {total}, skipped {bus.SkippedCount})");
        Assert.Equal(total, received.Count + bus.SkippedCount);
        // Each event arrived once, in order, up to the last: the ones missing are exactly those counted as skipped.
        var ids = received.Select(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ids.Distinct().Order(), ids);
        Assert.Equal(total - 1, ids[^1]);
    }
}
