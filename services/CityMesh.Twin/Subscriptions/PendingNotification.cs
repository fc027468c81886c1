namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// A notification still to deliver. It names entities, not their content: the entities are read when it is sent, so
/// a notification held back (throttling, retries, a restart) carries the twin as it is then, and a throttled
/// subscription's changes merge into one notification.
/// </summary>
/// <param name="Id">Order of enqueueing, per store.</param>
/// <param name="EntityIds">The entities that changed; null for a periodic notification, which sends every match.</param>
/// <param name="Attempts">Failed attempts so far.</param>
public sealed record PendingNotification(long Id, string SubscriptionId, IReadOnlyList<string>? EntityIds, DateTimeOffset DueAt, int Attempts);

/// <summary>A notification to enqueue: for these entities (null: periodic), not before <paramref name="DueAt"/>.</summary>
/// <param name="Merge">Throttled: join a not yet attempted notification of the same subscription when there is one.</param>
public sealed record NewNotification(string SubscriptionId, IReadOnlyList<string>? EntityIds, DateTimeOffset DueAt, bool Merge = false);
