using CityMesh.Twin.Changes;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Subscriptions beside the memory store: gone with the process, as the entities are. One lock guards everything;
/// the notifier and the sender touch it once per batch, not per change.
/// </summary>
public sealed class MemorySubscriptionStore : ISubscriptionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, Entry> _pending = new();

    /// <summary>Each subscription's pending notifications, in order: merging and ordering look at these, not at all.</summary>
    private readonly Dictionary<string, SortedSet<long>> _ofSubscription = new(StringComparer.Ordinal);
    private ChangePosition? _cursor;
    private long _version;
    private long _nextId;

    /// <summary>A pending notification and when its claim runs out (null: unclaimed).</summary>
    private sealed record Entry(PendingNotification Notification, DateTimeOffset? ClaimedUntil);

    public Task<bool> CreateAsync(Subscription subscription, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryAdd(subscription.Id, new StoredSubscription(subscription, DeliveryStatus.None))) return Task.FromResult(false);
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<StoredSubscription?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_subscriptions.GetValueOrDefault(id));
    }

    public Task<(IReadOnlyList<StoredSubscription> Items, int Total)> ListAsync(int offset, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredSubscription> page = [.. _subscriptions.Values.Skip(offset).Take(limit)];
            return Task.FromResult((page, _subscriptions.Count));
        }
    }

    public Task<bool> ReplaceAsync(Subscription subscription, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscription.Id, out var stored)) return Task.FromResult(false);
            _subscriptions[subscription.Id] = stored with { Subscription = subscription };
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_subscriptions.Remove(id)) return Task.FromResult(false);
            if (_ofSubscription.Remove(id, out var ids))
            {
                foreach (var key in ids) _pending.Remove(key);
            }
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<long> VersionAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_version);
    }

    public Task<ChangePosition?> CursorAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_cursor);
    }

    public Task<bool> AdvanceAsync(ChangePosition? from, ChangePosition to, IReadOnlyList<NewNotification> notifications, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_cursor != from) return Task.FromResult(false);
            _cursor = to;
            AddLocked(notifications);
            return Task.FromResult(true);
        }
    }

    public Task EnqueueAsync(IReadOnlyList<NewNotification> notifications, CancellationToken ct = default)
    {
        lock (_gate) AddLocked(notifications);
        return Task.CompletedTask;
    }

    private void AddLocked(IReadOnlyList<NewNotification> notifications)
    {
        foreach (var n in notifications)
        {
            if (!_subscriptions.ContainsKey(n.SubscriptionId)) continue; // deleted meanwhile
            if (!_ofSubscription.TryGetValue(n.SubscriptionId, out var waiting)) _ofSubscription[n.SubscriptionId] = waiting = [];
            if (n.Merge && n.EntityIds is not null && waiting.Count > 0
                && _pending[waiting.Max] is { ClaimedUntil: null, Notification: { Attempts: 0, EntityIds: not null } } open)
            {
                var merged = open.Notification.EntityIds!.Union(n.EntityIds, StringComparer.Ordinal).ToArray();
                _pending[open.Notification.Id] = open with { Notification = open.Notification with { EntityIds = merged } };
                continue;
            }
            // Due dates only grow along a subscription's queue, so the last one is the latest.
            var due = waiting.Count == 0 ? n.DueAt : Max(n.DueAt, _pending[waiting.Max].Notification.DueAt);
            var id = ++_nextId;
            _pending[id] = new Entry(new PendingNotification(id, n.SubscriptionId, n.EntityIds, due, 0), null);
            waiting.Add(id);
        }
    }

    public Task<IReadOnlyList<PendingNotification>> ClaimDueAsync(DateTimeOffset now, int max, int perSubscription, TimeSpan lease, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var claimed = new List<PendingNotification>();
            // A subscription whose first notification waits (not due, or in flight) holds the rest back: in order.
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            var taken = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (_, entry) in _pending)
            {
                if (claimed.Count == max) break;
                var subscription = entry.Notification.SubscriptionId;
                if (blocked.Contains(subscription)) continue;
                if (entry.Notification.DueAt > now || entry.ClaimedUntil > now)
                {
                    blocked.Add(subscription);
                    continue;
                }
                var count = taken.GetValueOrDefault(subscription);
                if (count == perSubscription) continue;
                taken[subscription] = count + 1;
                claimed.Add(entry.Notification);
            }
            foreach (var n in claimed) _pending[n.Id] = new Entry(n, now + lease);
            return Task.FromResult<IReadOnlyList<PendingNotification>>(claimed);
        }
    }

    public Task ReleaseAsync(IReadOnlyList<PendingNotification> notifications, DateTimeOffset? notBefore = null, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var n in notifications)
            {
                if (!_pending.TryGetValue(n.Id, out var entry)) continue;
                var due = notBefore is { } at ? Max(at, entry.Notification.DueAt) : entry.Notification.DueAt;
                _pending[n.Id] = new Entry(entry.Notification with { DueAt = due }, null);
            }
        }
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var entry in _pending.Values)
            {
                var at = entry.ClaimedUntil is { } until ? Max(until, entry.Notification.DueAt) : entry.Notification.DueAt;
                if (next is null || at < next) next = at;
            }
            return Task.FromResult(next);
        }
    }

    public Task CompleteAsync(PendingNotification notification, DeliveryAttempt? attempt, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (attempt is not null && _subscriptions.TryGetValue(notification.SubscriptionId, out var stored))
                _subscriptions[notification.SubscriptionId] = stored with { Status = stored.Status.After(attempt) };
            if (!_pending.ContainsKey(notification.Id) || !_ofSubscription.TryGetValue(notification.SubscriptionId, out var queue))
                return Task.CompletedTask; // its subscription was deleted
            if (retryAt is not { } at)
            {
                _pending.Remove(notification.Id);
                queue.Remove(notification.Id);
                if (queue.Count == 0) _ofSubscription.Remove(notification.SubscriptionId);
                return Task.CompletedTask;
            }
            _pending[notification.Id] = new Entry(notification with { DueAt = at, Attempts = notification.Attempts + 1 }, null);
            // The ones behind it wait for it, so a subscription's notifications arrive in order.
            foreach (var id in queue.GetViewBetween(notification.Id + 1, long.MaxValue))
            {
                var entry = _pending[id];
                if (entry.Notification.DueAt < at) _pending[id] = entry with { Notification = entry.Notification with { DueAt = at } };
            }
            return Task.CompletedTask;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
