using System.Collections.Concurrent;
using System.Text;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>What only the Kafka transport promises: the wire form, dead-lettering of undecodable messages, a baseline.</summary>
public sealed class KafkaTransportTests(MockKafkaClusterFixture kafka, ITestOutputHelper output) : IClassFixture<MockKafkaClusterFixture>
{
    private static string Topic(string name) => $"k{Guid.NewGuid():N}"[..13] + "." + name;

    private IConsumer<byte[]?, byte[]> RawConsumer(string topic)
    {
        var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = "raw-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        return consumer;
    }

    private static ConsumeResult<byte[]?, byte[]> Next(IConsumer<byte[]?, byte[]> consumer) =>
        consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no message within 30 s");

    private static string? Header(Headers headers, string name) => KafkaCloudEventCodec.Header(headers, name);

    [Fact]
    public async Task Should_Write_Binary_Data_Events_In_Binary_Mode_Keyed_By_Subject()
    {
        var topic = Topic("binary");
        await using var bus = new KafkaEventBus(kafka.Options() with { EventFormat = KafkaEventFormat.Binary });
        var sent = new CloudEvent
        {
            Id = "evt-1", Source = "/sensors/a1", Type = "io.citymesh.telemetry.readings", Subject = "urn:ngsi-ld:AirQualityObserved:jinan:a1",
            Time = new DateTimeOffset(2026, 11, 21, 8, 0, 0, 250, TimeSpan.Zero), DataContentType = "application/protobuf",
            BinaryData = new byte[] { 0, 1, 2, 0xff }, TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
        await bus.PublishAsync(topic, sent);
        using var raw = RawConsumer(topic);
        var m = Next(raw).Message;
        Assert.Equal(sent.Subject, Encoding.UTF8.GetString(m.Key!));
        Assert.Equal(sent.BinaryData.ToArray(), m.Value);
        Assert.Equal("1.0", Header(m.Headers, "ce_specversion"));
        Assert.Equal("evt-1", Header(m.Headers, "ce_id"));
        Assert.Equal("/sensors/a1", Header(m.Headers, "ce_source"));
        Assert.Equal("io.citymesh.telemetry.readings", Header(m.Headers, "ce_type"));
        Assert.Equal(sent.Subject, Header(m.Headers, "ce_subject"));
        Assert.Equal(sent.Time, DateTimeOffset.Parse(Header(m.Headers, "ce_time")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("application/protobuf", Header(m.Headers, "content-type"));
        Assert.Equal(sent.TraceParent, Header(m.Headers, "traceparent"));
        raw.Close();
    }

    [Fact]
    public async Task Should_Write_Protobuf_Structured_Events_By_Default_And_Read_Producers_Set_Otherwise_On_One_Topic()
    {
        var topic = Topic("protobuf");
        await using var protobuf = new KafkaEventBus(kafka.Options());
        await using var binary = new KafkaEventBus(kafka.Options() with { EventFormat = KafkaEventFormat.Binary });
        var received = new ConcurrentQueue<CloudEvent>();
        await using var s = protobuf.Subscribe(topic, "reader", (e, _) => { received.Enqueue(e); return Task.CompletedTask; });
        var first = CloudEvent.Create("/road", "io.citymesh.road.closed", new { road = "r1" }, "urn:ngsi-ld:RoadSegment:jinan:r1");
        var second = CloudEvent.Create("/road", "io.citymesh.road.closed", new { road = "r2" }, "urn:ngsi-ld:RoadSegment:jinan:r1");
        await protobuf.PublishAsync(topic, first);
        await binary.PublishAsync(topic, second); // same key: same partition, after the first

        using var raw = RawConsumer(topic);
        var m = Next(raw).Message;
        Assert.Equal("application/cloudevents+protobuf", Header(m.Headers, "content-type"));
        Assert.Single(m.Headers);
        Assert.Equal(first.Subject, Encoding.UTF8.GetString(m.Key!));
        Assert.Equal(second.Id, Header(Next(raw).Message.Headers, "ce_id"));
        for (var i = 0; i < 3000 && received.Count < 2; i++) await Task.Delay(10);
        Assert.Equal([first.Id, second.Id], received.Select(e => e.Id));
        Assert.Equal(["r1", "r2"], received.Select(e => e.Data.GetProperty("road").GetString()));
        raw.Close();
    }

    [Fact]
    public async Task Should_Write_And_Read_Json_Events_In_Structured_Mode()
    {
        var topic = Topic("structured");
        await using var bus = new KafkaEventBus(kafka.Options() with { EventFormat = KafkaEventFormat.Json });
        var received = new ConcurrentQueue<CloudEvent>();
        await using var s = bus.Subscribe(topic, "reader", (e, _) => { received.Enqueue(e); return Task.CompletedTask; });
        var sent = CloudEvent.Create("/road", "io.citymesh.road.closed", new { road = "r1", lanes = 2 }, "urn:ngsi-ld:RoadSegment:jinan:r1");
        await bus.PublishAsync(topic, sent);
        using var raw = RawConsumer(topic);
        var m = Next(raw).Message;
        Assert.StartsWith("application/cloudevents+json", Header(m.Headers, "content-type"));
        using var json = System.Text.Json.JsonDocument.Parse(m.Value);
        Assert.Equal(sent.Id, json.RootElement.GetProperty("id").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("data").GetProperty("lanes").GetInt32());
        for (var i = 0; i < 3000 && received.IsEmpty; i++) await Task.Delay(10);
        var got = Assert.Single(received);
        Assert.Equal(sent.Id, got.Id);
        Assert.Equal("r1", got.Data.GetProperty("road").GetString());
        raw.Close();
    }

    [Fact]
    public async Task Should_Dead_Letter_Undecodable_Messages_With_The_Reason_And_Apply_The_Rest()
    {
        var topic = Topic("poison");
        await using var bus = new KafkaEventBus(kafka.Options());
        var good = new ConcurrentQueue<int>();
        await using var s = bus.SubscribeBatch(topic, "strict", (events, _) =>
        {
            foreach (var e in events) good.Enqueue(e.Data.GetProperty("n").GetInt32());
            return Task.CompletedTask;
        });
        using (var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await bus.PublishAsync(topic, CloudEvent.Create("/t", "io.citymesh.test", new { n = 1 }));
            // Garbage with no CloudEvent headers, then CloudEvent headers over bytes that are not JSON.
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Value = [0xde, 0xad, 0xbe, 0xef] });
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]>
            {
                Value = Encoding.UTF8.GetBytes("{not json"),
                Headers = new Headers { { "ce_id", "x1"u8.ToArray() }, { "ce_source", "/t"u8.ToArray() }, { "ce_type", "t"u8.ToArray() }, { "content-type", "application/json"u8.ToArray() } },
            });
            await bus.PublishAsync(topic, CloudEvent.Create("/t", "io.citymesh.test", new { n = 2 }));
        }
        // A librdkafka 2 consumer subscribed to a topic that does not exist yet would not see it until its next metadata
        // refresh, minutes later: have the bus create it first, as it does for its own subscriptions.
        await bus.EnsureTopicAsync(Topics.DeadLetter(topic));
        using var dlq = RawConsumer(Topics.DeadLetter(topic));
        var letters = new[] { Next(dlq).Message, Next(dlq).Message };
        for (var i = 0; i < 3000 && good.Count < 2; i++) await Task.Delay(10);
        Assert.Equal([1, 2], good.Order());
        Assert.Equal(2, bus.UndecodableCount);
        // Keyless messages spread over partitions, so the two letters may come in either order.
        letters = [.. letters.OrderBy(l => Header(l.Headers, DeadLetterHeaders.Reason)!.Contains("ce_id") ? 0 : 1)];
        Assert.Contains("ce_id", Header(letters[0].Headers, DeadLetterHeaders.Reason));
        Assert.StartsWith("undecodable CloudEvent: Json", Header(letters[1].Headers, DeadLetterHeaders.Reason));
        foreach (var letter in letters)
        {
            Assert.Equal("strict", Header(letter.Headers, DeadLetterHeaders.Subscriber));
            Assert.Equal(topic, Header(letter.Headers, DeadLetterHeaders.Topic));
            Assert.NotNull(Header(letter.Headers, DeadLetterHeaders.Offset));
            Assert.True(KafkaCloudEventCodec.TryDecode(letter, out var e, out _));
            var body = e.GetData<DeadLetter>();
            Assert.Equal("UndecodableMessage", body.Error);
        }
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, OriginalBytes(letters[0]));
        // The letters added their headers to a copy: the one header every protobuf-encoded message shares is still one.
        Assert.Single(KafkaCloudEventCodec.Encode(CloudEvent.Create("/t", "io.citymesh.test", new { n = 3 })).Headers);
        dlq.Close();
    }

    private static byte[] OriginalBytes(Message<byte[]?, byte[]> letter)
    {
        Assert.True(KafkaCloudEventCodec.TryDecode(letter, out var e, out _));
        return e.GetData<DeadLetter>().Original.BinaryData.ToArray();
    }

    [Fact]
    public async Task Should_Measure_A_Bare_Client_Baseline()
    {
        var topic = Topic("bare");
        kafka.Cluster.CreateTopic(topic, partitions: 8);
        var result = await BareKafkaThroughput.MeasureAsync(kafka.Options(), topic, messages: 100_000, messageBytes: 200);
        output.WriteLine($"bare client: {result.MessagesPerSecond:N0} msg/s end to end, {result.ProducedPerSecond:N0} msg/s produced");
        Assert.Equal(100_000, result.Messages);
        Assert.True(result.MessagesPerSecond > 1_000, $"only {result.MessagesPerSecond:N0} msg/s");
    }
}
