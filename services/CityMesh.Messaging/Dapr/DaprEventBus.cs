using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// <see cref="IEventBus"/> over a Dapr sidecar. Publishing goes through <see cref="DaprPublisher"/> (<c>DaprClient</c>,
/// gRPC); each subscribed topic is an endpoint with Dapr.AspNetCore topic metadata, announced by
/// <c>MapSubscribeHandler</c> and delivered to <c>{RoutePrefix}/{topic}</c> (see <see cref="DaprEndpoints"/>).
/// </summary>
/// <remarks>
/// Dapr keeps one subscription per topic per app (its consumer group is the app id), so the app announces each topic
/// once and fans a delivery out to every local subscriber of it; each remembers what it handled, so a redelivery
/// caused by one subscriber's RETRY is not handled twice by the others.
/// The sidecar reads <c>/dapr/subscribe</c> only once, at its start-up: a subscription to a topic not yet announced,
/// made after that, gets nothing until the sidecar restarts. New subscribers to an announced topic get its events at
/// once, because the route already exists. Modules therefore subscribe while the host starts.
/// </remarks>
public sealed class DaprEventBus(DaprPublisher publisher, ILogger<DaprEventBus>? logger = null) : IEventBus, IAsyncDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger<DaprEventBus>.Instance;
    private readonly ConcurrentDictionary<string, DaprSubscriber[]> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _announced = new(StringComparer.Ordinal);
    private volatile bool _discovered;
    private volatile bool _disposed;

    public DaprPublisher Publisher => publisher;

    /// <summary>Raised when a topic gains its first subscriber or loses its last, so its endpoint comes or goes.</summary>
    internal event Action? TopicsChanged;

    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default) => publisher.PublishAsync(topic, cloudEvent, ct);

    /// <summary>Publishes many events with bulk publish (<see cref="DaprPublisher.BulkPublishAsync"/>: bounded calls, per subject in order).</summary>
    public Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default) =>
        publisher.BulkPublishAsync(topic, events as IReadOnlyList<CloudEvent> ?? [.. events], ct);

    public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new DaprSubscriber(this, topic, subscriber, (events, ct) => handler(events[0], ct), 1, publisher.Options));
    }

    public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var batching = options ?? new BatchOptions();
        return Add(new DaprSubscriber(this, topic, subscriber, handler, Math.Max(1, batching.MaxEvents), publisher.Options) { Batching = batching });
    }

    private DaprSubscriber Add(DaprSubscriber subscriber)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriber.Topic);
        ArgumentException.ThrowIfNullOrEmpty(subscriber.Name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var subscribers = _topics.AddOrUpdate(subscriber.Topic, _ => [subscriber], (_, existing) => [.. existing, subscriber]);
        if (subscribers.Length == 1) TopicsChanged?.Invoke();
        if (_discovered && !_announced.ContainsKey(subscriber.Topic))
            _logger.LogWarning(
                "Subscriber {Subscriber} subscribed to {Topic} after the Dapr sidecar read /dapr/subscribe; the sidecar delivers it nothing until it restarts",
                subscriber.Name, subscriber.Topic);
        return subscriber;
    }

    internal void Remove(DaprSubscriber subscriber)
    {
        var left = _topics.AddOrUpdate(subscriber.Topic, _ => [], (_, existing) => [.. existing.Where(s => s != subscriber)]);
        // Not while shutting down: the app's endpoints are being torn down with the container.
        if (left.Length == 0 && !_disposed) TopicsChanged?.Invoke();
    }

    /// <summary>
    /// The topics to announce, each with its bulk settings when a batch subscriber wants them: the smallest batch and
    /// wait any batch subscriber asked for (larger deliveries are split per subscriber anyway).
    /// </summary>
    internal IReadOnlyList<DaprTopic> SubscribedTopics()
    {
        var result = new List<DaprTopic>();
        foreach (var (topic, subscribers) in _topics.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (subscribers.Length == 0) continue;
            var batched = subscribers.Where(s => s.Batching is not null).ToArray();
            result.Add(batched.Length == 0
                ? new DaprTopic(topic, null)
                : new DaprTopic(topic, new DaprTopicBatching(batched.Min(s => s.MaxBatch),
                    (int)Math.Clamp(batched.Min(s => s.Batching!.MaxWait.TotalMilliseconds), 1, int.MaxValue))));
        }
        return result;
    }

    /// <summary>The sidecar read <c>/dapr/subscribe</c>: what is subscribed now is what it delivers until it restarts.</summary>
    internal void Discovered()
    {
        foreach (var topic in SubscribedTopics()) _announced[topic.Name] = true;
        _discovered = true;
    }

    /// <summary>The path the sidecar delivers a topic's events to.</summary>
    public string Route(string topic) => $"{publisher.Options.RoutePrefix.TrimEnd('/')}/{Uri.EscapeDataString(topic)}";

    /// <summary>
    /// Hands delivered events to every local subscriber of <paramref name="topic"/> and answers per event: RETRY when any
    /// subscriber failed transiently, DROP when one rejected it for good (after dead-lettering it ourselves), else SUCCESS.
    /// </summary>
    internal async Task<DaprDeliveryStatus[]> DeliverAsync(string topic, IReadOnlyList<CloudEvent> delivered, CancellationToken ct)
    {
        var statuses = new DaprDeliveryStatus[delivered.Count];
        if (_disposed)
        {
            // Shutting down: not acked, so the sidecar (or another replica of the consumer group) delivers them again.
            Array.Fill(statuses, DaprDeliveryStatus.Retry);
            return statuses;
        }
        if (!_topics.TryGetValue(topic, out var subscribers) || subscribers.Length == 0)
            return await NobodySubscribesAsync(topic, delivered, ct);
        IReadOnlyList<CloudEvent> events = IsDeadLetterTopic(topic) ? [.. delivered.Select(e => AsDeadLetter(topic, e))] : delivered;
        var outcomes = await Task.WhenAll(subscribers.Select(s => s.HandleAsync(events, ct)));
        for (var i = 0; i < events.Count; i++)
        {
            var status = DaprDeliveryStatus.Success;
            for (var s = 0; s < subscribers.Length; s++)
            {
                var outcome = outcomes[s][i];
                if (outcome.Status == DaprDeliveryStatus.Drop && !await TryDeadLetterAsync(subscribers[s], events[i], outcome.Failure!, ct))
                    outcome = SubscriberOutcome.Held;
                if (outcome.Status == DaprDeliveryStatus.Retry) status = DaprDeliveryStatus.Retry;
                else if (outcome.Status == DaprDeliveryStatus.Drop && status == DaprDeliveryStatus.Success) status = DaprDeliveryStatus.Drop;
            }
            statuses[i] = status;
        }
        return statuses;
    }

    private async Task<bool> TryDeadLetterAsync(DaprSubscriber subscriber, CloudEvent e, Exception failure, CancellationToken ct)
    {
        try
        {
            await publisher.PublishAsync(Topics.DeadLetter(subscriber.Topic), DeadLetter.ToCloudEvent(subscriber.Topic, subscriber.Name, failure, e), ct);
            _logger.LogWarning(failure, "Subscriber {Subscriber} rejected event {Id} on {Topic}; dead-lettered", subscriber.Name, e.Id, subscriber.Topic);
            return true;
        }
        catch (Exception publishFailure) when (publishFailure is DaprSidecarException or OperationCanceledException)
        {
            // Never dropped silently: answered RETRY, so it comes back and is dead-lettered then.
            subscriber.Forget(e.Id);
            _logger.LogError(publishFailure, "Could not dead-letter event {Id} of {Topic}; asking the sidecar to redeliver it", e.Id, subscriber.Topic);
            return false;
        }
    }

    /// <summary>
    /// Events for a topic every local subscriber has left (the sidecar keeps delivering what it read at start-up):
    /// dead-lettered with the reason, then DROP; RETRY when the dead letter cannot be published. Dead letters
    /// themselves are dropped with a warning rather than dead-lettered again.
    /// </summary>
    private async Task<DaprDeliveryStatus[]> NobodySubscribesAsync(string topic, IReadOnlyList<CloudEvent> delivered, CancellationToken ct)
    {
        var statuses = new DaprDeliveryStatus[delivered.Count];
        if (IsDeadLetterTopic(topic))
        {
            _logger.LogWarning("Dropping {Count} dead letters on {Topic}: no subscriber here any more", delivered.Count, topic);
            Array.Fill(statuses, DaprDeliveryStatus.Drop);
            return statuses;
        }
        for (var i = 0; i < delivered.Count; i++)
        {
            var letter = DeadLetter.ToCloudEvent(new DeadLetter(topic, "", NoSubscriberError,
                "no subscriber of the topic in this app any more; it unsubscribed after the Dapr sidecar read /dapr/subscribe", delivered[i]));
            try
            {
                await publisher.PublishAsync(Topics.DeadLetter(topic), letter, ct);
                _logger.LogWarning("Event {Id} on {Topic} has no subscriber here any more; dead-lettered", delivered[i].Id, topic);
                statuses[i] = DaprDeliveryStatus.Drop;
            }
            catch (Exception failure) when (failure is DaprSidecarException or OperationCanceledException)
            {
                _logger.LogError(failure, "Could not dead-letter event {Id} of {Topic}; asking the sidecar to redeliver it", delivered[i].Id, topic);
                statuses[i] = DaprDeliveryStatus.Retry;
            }
        }
        return statuses;
    }

    /// <summary>The <see cref="DeadLetter.Error"/> of an event delivered for a topic nobody here subscribes to any more.</summary>
    public const string NoSubscriberError = "NoSubscriber";

    private static bool IsDeadLetterTopic(string topic) => topic.EndsWith(".dlq", StringComparison.Ordinal);

    /// <summary>
    /// The sidecar dead-letters the bare event when its own retries run out; DLQ readers get the same
    /// <see cref="DeadLetter"/> shape either way.
    /// </summary>
    private static CloudEvent AsDeadLetter(string dlqTopic, CloudEvent e) => e.Type == DeadLetter.EventType
        ? e
        : DeadLetter.ToCloudEvent(new DeadLetter(dlqTopic[..^4], "dapr-sidecar", "DeliveryRetriesExhausted",
            "the Dapr sidecar's resiliency policy ran out of retries delivering it", e));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var subscriber in _topics.Values.SelectMany(s => s).ToArray()) await subscriber.DisposeAsync();
    }
}
