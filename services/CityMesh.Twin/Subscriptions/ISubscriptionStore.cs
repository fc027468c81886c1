using CityMesh.Twin.Changes;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Where one tenant's subscriptions, their delivery status, the notifications still to deliver and the notifier's
/// place in the change log are kept: <see cref="MemorySubscriptionStore"/>, or <see cref="PostgresSubscriptionStore"/>
/// in the twin's database (migration 4), where they outlive the process and are shared by replicas. Both pass
/// <c>SubscriptionStoreContract</c>.
/// </summary>
public interface ISubscriptionStore
{
    /// <returns>False when the id is taken.</returns>
    Task<bool> CreateAsync(Subscription subscription, CancellationToken ct = default);

    Task<StoredSubscription?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>One page in id order, and the count of all.</summary>
    Task<(IReadOnlyList<StoredSubscription> Items, int Total)> ListAsync(int offset, int limit, CancellationToken ct = default);

    /// <returns>False when there is no such subscription.</returns>
    Task<bool> ReplaceAsync(Subscription subscription, CancellationToken ct = default);

    /// <summary>Deletes the subscription and the notifications it still had to send.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>A number that moves whenever a subscription is created, changed or deleted, by any replica.</summary>
    Task<long> VersionAsync(CancellationToken ct = default);

    /// <summary>Where the notifier stopped in the change log; null before it first ran.</summary>
    Task<ChangePosition?> CursorAsync(CancellationToken ct = default);

    /// <summary>
    /// Moves the notifier from <paramref name="from"/> (null: never ran) to <paramref name="to"/> and enqueues the
    /// notifications the changes between gave, at once. A subscription's notification is due no earlier than the
    /// ones it already has waiting, so a retry holds back those behind it.
    /// </summary>
    /// <returns>False, with nothing written, when the cursor is no longer at <paramref name="from"/> (another replica moved it).</returns>
    Task<bool> AdvanceAsync(ChangePosition? from, ChangePosition to, IReadOnlyList<NewNotification> notifications, CancellationToken ct = default);

    /// <summary>Enqueues notifications that no change gave (periodic ones).</summary>
    Task EnqueueAsync(IReadOnlyList<NewNotification> notifications, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> notifications due at <paramref name="now"/> (at most <paramref name="perSubscription"/>
    /// of one subscription), oldest first, claimed for <paramref name="lease"/>: no other replica takes them meanwhile,
    /// and a sender that dies leaves them to the next. A subscription whose oldest notification is not due or is
    /// claimed gives none: its notifications go out in order.
    /// </summary>
    Task<IReadOnlyList<PendingNotification>> ClaimDueAsync(DateTimeOffset now, int max, int perSubscription, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Gives claimed notifications back unattempted: their subscription's earlier one failed, or throttling holds them
    /// until <paramref name="notBefore"/> (null: due as they were).
    /// </summary>
    Task ReleaseAsync(IReadOnlyList<PendingNotification> notifications, DateTimeOffset? notBefore = null, CancellationToken ct = default);

    /// <summary>When the next unclaimed notification is due; null when none waits.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default);

    /// <summary>Records an attempt in the subscription's status; the notification is then done, or waits for <paramref name="retryAt"/>.</summary>
    /// <param name="retryAt">Null: done (delivered, given up, or nothing left to send). Otherwise its next attempt; the subscription's later notifications wait behind it.</param>
    /// <param name="attempt">Null: nothing was sent (the entities are gone), so the status stays.</param>
    Task CompleteAsync(PendingNotification notification, DeliveryAttempt? attempt, DateTimeOffset? retryAt, CancellationToken ct = default);
}

/// <summary>A subscription with its delivery status.</summary>
public sealed record StoredSubscription(Subscription Subscription, DeliveryStatus Status);
