namespace CityMesh.Messaging.Subscriptions;

/// <summary>Handles one topic's events one at a time; declared with <see cref="SubscriptionServices.AddEventHandler{THandler}"/>.</summary>
public interface IEventHandler
{
    /// <summary>At least once: idempotent on <see cref="CloudEvent.Id"/>. Throwing retries, then dead-letters.</summary>
    Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct);
}

/// <summary>Handles one topic's events in batches; declared with <see cref="SubscriptionServices.AddEventBatchHandler{THandler}"/>.</summary>
public interface IEventBatchHandler
{
    /// <summary>At least once, in order per subject; see <see cref="IEventBus.SubscribeBatch"/>.</summary>
    Task HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct);
}
