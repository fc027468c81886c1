namespace CityMesh.Messaging;

/// <summary>
/// Publish and subscribe, whatever the transport. Delivery is at least once: handlers must be idempotent on
/// <see cref="CloudEvent.Id"/>. A handler that keeps failing has the event sent to the topic's dead-letter topic.
/// </summary>
public interface IEventBus
{
    Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default);

    /// <param name="subscriber">Names the consumer (like a consumer group): each subscriber gets every event once.</param>
    /// <returns>Disposing it ends the subscription after the events already taken are handled.</returns>
    IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler);
}
