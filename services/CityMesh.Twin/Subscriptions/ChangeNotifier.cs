using CityMesh.Contracts.Twin;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Model;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Follows one space's change log from the position its store keeps, matches each batch of changes against the
/// subscription index and enqueues the notifications together with the new position, in one step: after a crash or
/// a restart on PostgreSQL the notifier resumes where the last step ended, losing and repeating nothing. Only changes
/// whose type some subscription names are parsed, so telemetry for unsubscribed types costs a dictionary lookup.
/// </summary>
internal sealed class ChangeNotifier(SubscriptionSpace space, SubscriptionOptions options, TimeProvider time, ILogger logger)
{
    private const int BatchSize = 2000;

    /// <summary>When each throttled subscription's latest notification is due: the next waits a throttling after it.</summary>
    private readonly Dictionary<string, DateTimeOffset> _throttled = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken ct)
    {
        var log = space.Changes!;
        ChangePosition? position = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                position ??= await StartingPositionAsync(log, ct);
                await space.RefreshAsync(force: false, ct);
                var batch = await log.ReadAfterAsync(position.Value, BatchSize, ct);
                if (batch.Count == 0)
                {
                    // Wake for new changes, or after a poll interval to look for subscriptions other replicas wrote.
                    using var poll = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    poll.CancelAfter(options.PollInterval);
                    try { await log.WaitAsync(position.Value, poll.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
                    continue;
                }
                var notifications = await MatchAsync(batch, ct);
                var to = batch[^1].Position;
                if (await space.Store.AdvanceAsync(position, to, notifications, ct))
                {
                    position = to;
                    if (notifications.Count > 0) space.Wake();
                }
                else
                {
                    position = null; // another replica moved the cursor: read it again
                }
            }
            catch (ChangePositionGoneException e) when (position is { } gone)
            {
                var head = await log.HeadAsync(ct);
                logger.LogWarning("Subscriptions{Tenant}: {Reason}; notifying from the log's head, changes in between are not notified",
                    TenantText, e.Message);
                position = await space.Store.AdvanceAsync(gone, head, [], ct) ? head : null;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Subscriptions{Tenant}: matching changes failed; trying again", TenantText);
                await Task.Delay(options.PollInterval, time, ct);
                position = null;
            }
        }
    }

    private string TenantText => space.Tenant is null ? "" : $" of tenant {space.Tenant}";

    /// <summary>Where the store says the notifier stopped; on its first run, the log's head (earlier changes are not notified).</summary>
    private async Task<ChangePosition> StartingPositionAsync(ITwinChangeLog log, CancellationToken ct)
    {
        if (await space.Store.CursorAsync(ct) is { } kept) return kept;
        var head = await log.HeadAsync(ct);
        return await space.Store.AdvanceAsync(null, head, [], ct) ? head : (await space.Store.CursorAsync(ct))!.Value;
    }

    private async Task<List<NewNotification>> MatchAsync(IReadOnlyList<LoggedChange> batch, CancellationToken ct)
    {
        var index = space.Index;
        var notifications = new List<NewNotification>();
        if (index.Count == 0) return notifications;
        var candidates = new HashSet<CompiledSubscription>();
        var now = time.GetUtcNow();
        foreach (var logged in batch)
        {
            if (logged.EntityType.Length > 0 && !index.Concerns(logged.EntityType)) continue;
            var change = logged.Change;
            if (change.Change == TwinChangeKind.Deleted) continue;
            Entity? entity = null;
            var type = change.Type;
            if (type.Length == 0)
            {
                entity = await space.Twin.Store.GetAsync(change.Id, ct);
                if (entity is null) continue;
                type = entity.Type;
            }
            candidates.Clear();
            index.Candidates(type, change.Attributes.Keys as IReadOnlyCollection<string> ?? [.. change.Attributes.Keys], candidates);
            foreach (var s in candidates)
            {
                if (!s.IsAfterCreation(logged.Position) || !s.Selects(change.Id, type) || !s.Watches(change.Attributes.Keys)) continue;
                if (s.NeedsEntity)
                {
                    entity ??= await space.Twin.Store.GetAsync(change.Id, ct);
                    if (entity is null || !s.Matches(entity, change.Attributes)) continue;
                }
                notifications.Add(Schedule(s, change.Id, now));
            }
        }
        return notifications;
    }

    /// <summary>
    /// Now, unless the subscription throttles and its last notification was less than a throttling ago: then a
    /// throttling after that one, merged with any still waiting.
    /// </summary>
    private NewNotification Schedule(CompiledSubscription s, string entityId, DateTimeOffset now)
    {
        if (s.Subscription.Throttling is not { } seconds) return new NewNotification(s.Id, [entityId], now);
        var due = now;
        if (_throttled.TryGetValue(s.Id, out var last))
        {
            if (last > now) due = last; // one is waiting: join it
            else if (now < last.AddSeconds(seconds)) due = last.AddSeconds(seconds);
        }
        _throttled[s.Id] = due;
        return new NewNotification(s.Id, [entityId], due, Merge: true);
    }
}
