namespace CityMesh.Messaging;

/// <summary>
/// Publish and subscribe, whatever the transport. Delivery is at least once: handlers must be idempotent on
/// <see cref="CloudEvent.Id"/>. A handler that keeps failing has the event sent to the topic's dead-letter topic.
/// </summary>
public interface IEventBus
{
    Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default);

    /// <summary>
    /// Publishes many events and completes when all are accepted (Kafka: acknowledged; Dapr: bulk publish). Far
    /// cheaper than one <see cref="PublishAsync"/> each on the networked transports.
    /// </summary>
    Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default);

    /// <param name="subscriber">Names the consumer (like a consumer group): each subscriber gets every event once.</param>
    /// <returns>Disposing it ends the subscription after the events already taken are handled.</returns>
    IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler);

    /// <summary>
    /// Delivers events in batches (up to <see cref="BatchOptions.MaxEvents"/>, or what arrived within
    /// <see cref="BatchOptions.MaxWait"/>), in order per subject. A batch is acknowledged (a Kafka offset committed)
    /// only after the handler returns; a failing batch is retried, then its events are retried one by one and
    /// those that still fail are dead-lettered. The list is the bus's and valid during the call only (a bus may reuse it
    /// for the next batch): copy what is kept.
    /// </summary>
    IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions? options = null);
}

public sealed record BatchOptions
{
    public int MaxEvents { get; init; } = 1_000;
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(20);
}
