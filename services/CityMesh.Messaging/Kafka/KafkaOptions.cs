using CityMesh.Limits.Settings;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>How the Kafka transport connects and behaves; bound from <c>CityMesh:Messaging:Kafka</c>.</summary>
public sealed record KafkaOptions : ISettings<KafkaOptions>
{
    public const string SectionName = "CityMesh:Messaging:Kafka";

    static string ISettings<KafkaOptions>.Section => SectionName;

    public string BootstrapServers { get; init; } = "localhost:9092";
    public string ClientId { get; init; } = "citymesh";

    /// <summary>Partitions of topics the bus creates; the unit of consumer parallelism.</summary>
    public int Partitions { get; init; } = 12;

    /// <summary>
    /// Create missing topics with the AdminClient (<see cref="Partitions"/>, <see cref="ReplicationFactor"/>). When false,
    /// topics come from the brokers' auto-creation with their default partition count, asked for by the producer before
    /// the first publish or subscription (librdkafka's mock cluster, whose CreateTopics times out, needs this).
    /// </summary>
    public bool CreateTopics { get; init; } = true;

    /// <summary>-1 takes the brokers' default.</summary>
    public short ReplicationFactor { get; init; } = -1;

    /// <summary>
    /// How events are written (every form is read): the CloudEvents protobuf format (one header, the fastest), binary
    /// mode (<c>ce_*</c> headers, for consumers that read only that), or JSON structured mode for JSON events.
    /// </summary>
    public KafkaEventFormat EventFormat { get; init; } = KafkaEventFormat.Protobuf;

    /// <summary>How long the producer waits to fill a batch; a few ms trades little latency for much throughput.</summary>
    public int LingerMs { get; init; } = 5;
    public int BatchSizeBytes { get; init; } = 1_000_000;
    public CompressionType Compression { get; init; } = CompressionType.None;

    /// <summary>Messages the producer may hold unacknowledged before Produce waits.</summary>
    public int ProducerQueueMessages { get; init; } = 1_000_000;

    /// <summary>Where a new consumer group starts: earliest, so nothing published before it joined is missed.</summary>
    public AutoOffsetReset AutoOffsetReset { get; init; } = AutoOffsetReset.Earliest;
    public int SessionTimeoutMs { get; init; } = 10_000;
    public int FetchWaitMaxMs { get; init; } = 50;

    /// <summary>Handler attempts per batch (and per event after a batch failed) before dead-lettering.</summary>
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long disposing a subscription waits for the in-flight batch before cancelling its handler.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Further librdkafka properties (security.protocol, sasl.*, ...), applied to every client.</summary>
    public Dictionary<string, string> Librdkafka { get; init; } = [];

    /// <exception cref="InvalidOperationException">A setting librdkafka or the bus cannot work with; the message names the key.</exception>
    public KafkaOptions Validated()
    {
        if (Partitions < 1) throw Invalid(nameof(Partitions), Partitions, "at least 1");
        if (ReplicationFactor is 0 or < -1) throw Invalid(nameof(ReplicationFactor), ReplicationFactor, "-1 (the brokers' default) or at least 1");
        if (LingerMs < 0) throw Invalid(nameof(LingerMs), LingerMs, "0 or more");
        if (BatchSizeBytes < 1) throw Invalid(nameof(BatchSizeBytes), BatchSizeBytes, "at least 1");
        if (ProducerQueueMessages < 1) throw Invalid(nameof(ProducerQueueMessages), ProducerQueueMessages, "at least 1");
        if (SessionTimeoutMs < 1) throw Invalid(nameof(SessionTimeoutMs), SessionTimeoutMs, "at least 1");
        if (FetchWaitMaxMs < 0) throw Invalid(nameof(FetchWaitMaxMs), FetchWaitMaxMs, "0 or more");
        if (MaxAttempts < 1) throw Invalid(nameof(MaxAttempts), MaxAttempts, "at least 1");
        if (RetryBackoff < TimeSpan.Zero) throw Invalid(nameof(RetryBackoff), RetryBackoff, "0 or more");
        if (ShutdownTimeout < TimeSpan.Zero) throw Invalid(nameof(ShutdownTimeout), ShutdownTimeout, "0 or more");
        return this;
    }

    private static InvalidOperationException Invalid(string key, object value, string rule) => new($"{SectionName}:{key} is {value}; it must be {rule}.");

    internal ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(Librdkafka))
    {
        BootstrapServers = BootstrapServers,
        ClientId = ClientId,
        EnableIdempotence = true,
        Acks = Acks.All,
        MaxInFlight = 5,
        LingerMs = LingerMs,
        BatchSize = BatchSizeBytes,
        BatchNumMessages = 100_000,
        CompressionType = Compression,
        QueueBufferingMaxMessages = ProducerQueueMessages,
        QueueBufferingMaxKbytes = 1_048_576,
        // The bus reads only a report's error: copying each message's key, value and headers back (the default, "all")
        // would cost the client thread as much again as producing it.
        DeliveryReportFields = "none",
    };

    internal ConsumerConfig ConsumerConfig(string groupId) => new(new Dictionary<string, string>(Librdkafka))
    {
        BootstrapServers = BootstrapServers,
        ClientId = ClientId,
        GroupId = groupId,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset,
        EnablePartitionEof = false,
        SessionTimeoutMs = SessionTimeoutMs,
        FetchWaitMaxMs = FetchWaitMaxMs,
        AllowAutoCreateTopics = !CreateTopics,
        // What a subscription reads of each message: the headers carry the CloudEvent's content type and the timestamp
        // names an undecodable message. The topic's name it knows already (a subscription reads one), and the client
        // would otherwise make a string of it for every message.
        ConsumeResultFields = "headers,timestamp",
    };

    internal AdminClientConfig AdminConfig() => new(new Dictionary<string, string>(Librdkafka)) { BootstrapServers = BootstrapServers, ClientId = ClientId };
}

/// <summary>How the bus writes a CloudEvent into a Kafka message (the CloudEvents Kafka protocol binding's modes and formats).</summary>
public enum KafkaEventFormat
{
    /// <summary>Structured mode, protobuf format: the whole event as <c>application/cloudevents+protobuf</c>, one header.</summary>
    Protobuf,

    /// <summary>Binary mode: attributes in <c>ce_</c> headers, data as the value.</summary>
    Binary,

    /// <summary>Structured mode, JSON format, for events with JSON data (<c>application/cloudevents+json</c>); others in binary mode.</summary>
    Json,
}
