using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// CloudEvents over Kafka: one idempotent producer (acks=all) shared by all publishers, keyed by subject; one
/// consumer per subscription (group = subscriber name) that commits offsets only after its handler returned.
/// Topics are created on first use with <see cref="KafkaOptions.Partitions"/> partitions.
/// </summary>
public sealed class KafkaEventBus : IEventBus, IAsyncDisposable
{
    private static readonly TimeSpan TopicCreationTimeout = TimeSpan.FromSeconds(15);

    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<KafkaSubscription, byte> _subscriptions = new();
    private long _published;
    private long _deadLettered;
    private long _undecodable;
    private long _skipped;

    public KafkaEventBus(KafkaOptions options, ILoggerFactory? loggers = null)
    {
        KafkaNative.EnsureLoaded();
        Options = options;
        Loggers = loggers ?? NullLoggerFactory.Instance;
        Logger = Loggers.CreateLogger<KafkaEventBus>();
        _producer = new ProducerBuilder<byte[]?, byte[]>(options.ProducerConfig())
            .SetLogHandler((_, m) => KafkaLog.Write(Logger, m))
            .SetErrorHandler((_, e) => Logger.LogError("Kafka producer error {Code}: {Reason}", e.Code, e.Reason))
            .Build();
    }

    public KafkaOptions Options { get; }
    internal ILoggerFactory Loggers { get; }
    internal ILogger Logger { get; }

    public long PublishedCount => Interlocked.Read(ref _published);

    /// <summary>Events whose handler kept failing, sent to the dead-letter topic.</summary>
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Messages that were no CloudEvent (missing headers, bad JSON), dead-lettered unread.</summary>
    public long UndecodableCount => Interlocked.Read(ref _undecodable);

    /// <summary>
    /// Messages subscriptions never saw because the brokers removed them (retention) before they were read: each is an
    /// event lost to its subscriber. Non-zero means a subscriber fell further behind than the topic keeps.
    /// </summary>
    public long SkippedCount => Interlocked.Read(ref _skipped);

    internal void CountSkipped(long messages) => Interlocked.Add(ref _skipped, messages);

    internal void CountDeadLetter(bool undecodable)
    {
        Interlocked.Increment(ref _deadLettered);
        if (undecodable) Interlocked.Increment(ref _undecodable);
    }

    /// <summary>Completes when the brokers acknowledged the event (all in-sync replicas).</summary>
    public async Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await EnsureTopicAsync(topic);
        await _producer.ProduceAsync(topic, KafkaCloudEventCodec.Encode(cloudEvent, Options.EventFormat), ct);
        Interlocked.Increment(ref _published);
    }

    /// <summary>
    /// The bulk path: hands every event to the producer without waiting for each acknowledgement, then waits for all
    /// of them. Completes when every event is acknowledged; throws if any was not (the others stay published).
    /// </summary>
    public async Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await EnsureTopicAsync(topic);
        var acks = new PendingAcks();
        Action<DeliveryReport<byte[]?, byte[]>> report = acks.Report; // one delegate for the batch, not one per event
        var destination = new TopicPartition(topic, Partition.Any); // the client would make one per event from the name
        foreach (var cloudEvent in events)
        {
            ct.ThrowIfCancellationRequested();
            var message = KafkaCloudEventCodec.Encode(cloudEvent, Options.EventFormat);
            acks.Add();
            while (true)
            {
                try
                {
                    _producer.Produce(destination, message, report);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The local queue is full of unacknowledged messages: wait for the brokers to drain it.
                    await Task.Delay(1, ct);
                }
                catch
                {
                    acks.Abandon();
                    throw;
                }
            }
        }
        var failed = await acks.CompleteAsync();
        Interlocked.Add(ref _published, acks.Acknowledged);
        if (failed is not null)
        {
            throw new KafkaException(new Error(failed.Value.Code,
                $"{acks.Failed} event(s) to {topic} were not acknowledged; first: {failed.Value.Reason}"));
        }
    }

    public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
        SubscribeBatch(topic, subscriber, (events, ct) => handler(events[0], ct), new BatchOptions { MaxEvents = 1, MaxWait = TimeSpan.Zero });

    public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(subscriber);
        var batching = options ?? new BatchOptions();
        if (batching.MaxEvents < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxEvents must be at least 1.");
        var subscription = new KafkaSubscription(this, topic, subscriber, handler, batching);
        _subscriptions[subscription] = 0;
        subscription.Start();
        return subscription;
    }

    internal void Forget(KafkaSubscription subscription) => _subscriptions.TryRemove(subscription, out _);

    /// <summary>Sends a message (a dead letter) and waits for its acknowledgement.</summary>
    internal async Task ProduceAcknowledgedAsync(string topic, Message<byte[]?, byte[]> message)
    {
        await EnsureTopicAsync(topic);
        await _producer.ProduceAsync(topic, message);
    }

    /// <summary>Creates the topic with the configured partitions unless it exists; once per topic per bus.</summary>
    public Task EnsureTopicAsync(string topic)
    {
        var lazy = _topics.GetOrAdd(topic, t => new Lazy<Task>(() => CreateTopicAsync(t)));
        var task = lazy.Value;
        // A failed creation is retried by the next caller rather than remembered.
        if (task.IsFaulted) _topics.TryRemove(new KeyValuePair<string, Lazy<Task>>(topic, lazy));
        return task;
    }

    /// <summary>How many brokers answer a metadata request within <paramref name="timeout"/> (for readiness).</summary>
    /// <exception cref="KafkaException">No broker answered.</exception>
    public Task<int> CountBrokersAsync(TimeSpan timeout) => Task.Run(() =>
    {
        using var admin = Admin(); // GetMetadata blocks: keep it off the caller's thread
        return admin.GetMetadata(timeout).Brokers.Count;
    });

    /// <summary>
    /// An admin client on the producer's connections, for one request. Not kept: Confluent.Kafka 1.9's admin client
    /// polls its result queue in a loop that kept a core busy for as long as it lived.
    /// </summary>
    private IAdminClient Admin() => new DependentAdminClientBuilder(_producer.Handle).Build();

    private async Task CreateTopicAsync(string topic)
    {
        if (!Options.CreateTopics)
        {
            await Task.Run(() => AutoCreate(topic));
            return;
        }
        using var admin = Admin();
        try
        {
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = topic, NumPartitions = Options.Partitions, ReplicationFactor = Options.ReplicationFactor,
            }], new CreateTopicsOptions { RequestTimeout = TopicCreationTimeout, OperationTimeout = TopicCreationTimeout });
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Someone else (another bus, another service) created it first.
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut)
        {
            throw new KafkaException(new Error(e.Error.Code,
                $"creating topic {topic} timed out after {TopicCreationTimeout}; create it beforehand, or set CreateTopics=false to use the brokers' auto-creation"));
        }
    }

    /// <summary>
    /// Has the brokers auto-create the topic by asking for its metadata from the producer's handle (a producer's request
    /// may create topics; a consumer's, since librdkafka 2, does not, and a consumer subscribed to a missing topic
    /// only looks again at the next metadata refresh, minutes later). Waits until the topic has its partitions.
    /// </summary>
    private void AutoCreate(string topic)
    {
        using var admin = Admin();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var left = TopicCreationTimeout - clock.Elapsed;
            var metadata = admin.GetMetadata(topic, left > TimeSpan.Zero ? left : TimeSpan.Zero);
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 }) return;
            if (clock.Elapsed >= TopicCreationTimeout)
            {
                throw new KafkaException(new Error(found?.Error.Code ?? ErrorCode.UnknownTopicOrPart,
                    $"topic {topic} was not auto-created within {TopicCreationTimeout}: {found?.Error.Reason ?? "absent from the metadata"}; " +
                    "enable the brokers' auto.create.topics.enable, or set CreateTopics=true"));
            }
            Thread.Sleep(50); // the brokers create it on this request and report it on a later one
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions.Keys.ToArray()) await subscription.DisposeAsync();
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    /// <summary>Counts delivery reports of a bulk publish and completes when the last outstanding one arrives.</summary>
    private sealed class PendingAcks
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _outstanding = 1; // the producing loop itself, released by CompleteAsync
        private long _acknowledged;
        private long _failed;
        private Error? _firstError;

        public long Acknowledged => Interlocked.Read(ref _acknowledged);
        public long Failed => Interlocked.Read(ref _failed);

        public void Add() => Interlocked.Increment(ref _outstanding);

        public void Abandon() => Release();

        public void Report(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstError, report.Error, null);
            }
            else
            {
                Interlocked.Increment(ref _acknowledged);
            }
            Release();
        }

        public async Task<(ErrorCode Code, string Reason)?> CompleteAsync()
        {
            Release();
            await _done.Task;
            return _firstError is { } e ? (e.Code, e.Reason) : null;
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0) _done.TrySetResult();
        }
    }
}
