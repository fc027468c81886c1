using System.Diagnostics;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>What a bare Confluent.Kafka producer and consumer achieve moving the same bytes as the bus.</summary>
public sealed record BareKafkaThroughputResult(long Messages, int MessageBytes, TimeSpan ProduceTime, TimeSpan EndToEndTime)
{
    public double ProducedPerSecond => Messages / ProduceTime.TotalSeconds;

    /// <summary>Messages per second from the first produce to the last consume (both running at once).</summary>
    public double MessagesPerSecond => Messages / EndToEndTime.TotalSeconds;
}

/// <summary>
/// The baseline for <c>citymesh bench ingest --transport kafka</c>: N messages of a given size, keyed over
/// <c>keys</c> keys, produced with the bus's producer settings and consumed back by a fresh consumer group at once.
/// The topic must exist (or be auto-created) with the partitions to compare against.
/// </summary>
public static class BareKafkaThroughput
{
    /// <param name="maxUnread">How far the producer may run ahead of the consumer (0: no limit); a broker with small
    /// retention, like librdkafka's mock cluster, would otherwise trim what the consumer has not read.</param>
    public static async Task<BareKafkaThroughputResult> MeasureAsync(KafkaOptions options, string topic, int messages, int messageBytes,
        int keys = 10_000, long maxUnread = 0, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messages, 1);
        KafkaNative.EnsureLoaded();
        var payload = new byte[messageBytes];
        Random.Shared.NextBytes(payload);
        var keyBytes = Enumerable.Range(0, keys).Select(k => System.Text.Encoding.UTF8.GetBytes($"urn:bench:{k}")).ToArray();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(options.ConsumerConfig("bare-" + Guid.NewGuid().ToString("N")))
            .SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var consumed = 0L;
        var clock = Stopwatch.StartNew();
        var produce = Task.Run(() =>
        {
            using var producer = new ProducerBuilder<byte[]?, byte[]>(options.ProducerConfig()).SetLogHandler((_, _) => { }).Build();
            for (var i = 0; i < messages; i++)
            {
                while (maxUnread > 0 && i - Volatile.Read(ref consumed) >= maxUnread) producer.Poll(TimeSpan.FromMilliseconds(1));
                var message = new Message<byte[]?, byte[]> { Key = keyBytes[i % keys], Value = payload };
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, message);
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(1));
                    }
                }
            }
            producer.Flush(ct);
            return clock.Elapsed;
        }, ct);
        await Task.Run(() =>
        {
            while (consumed < messages)
            {
                ct.ThrowIfCancellationRequested();
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null) Interlocked.Increment(ref consumed);
            }
        }, ct);
        var endToEnd = clock.Elapsed;
        consumer.Close();
        return new BareKafkaThroughputResult(messages, messageBytes, await produce, endToEnd);
    }
}
