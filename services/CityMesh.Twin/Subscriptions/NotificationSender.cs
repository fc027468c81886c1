using System.Net.Http.Headers;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Delivers one space's due notifications: claims a batch, reads the entities they name once for the batch, and POSTs
/// each subscription's notifications in order, subscriptions in parallel. A failure (no connection, a timeout, an
/// answer other than 2xx) is recorded in the subscription's status and retried with exponential backoff
/// (<see cref="SubscriptionOptions.RetryAfter"/>) until <see cref="SubscriptionOptions.MaxAttempts"/>; the
/// subscription's later notifications wait behind it.
/// </summary>
internal sealed class NotificationSender(SubscriptionSpace space, HttpClient http, SubscriptionOptions options, TimeProvider time, ILogger logger)
{
    private const int ClaimBatch = 512;

    /// <summary>A subscription's notifications claimed in one round: they go one after another, so they bound the lease.</summary>
    private const int ClaimPerSubscription = 8;

    /// <summary>When each subscription was last notified from this process, for throttling.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);

    /// <summary>Periodic notifications carry at most this many entities.</summary>
    public const int PeriodicLimit = EntityQuery.MaxLimit;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var woken = space.Woken;
                var claimed = await space.Store.ClaimDueAsync(time.GetUtcNow(), ClaimBatch, ClaimPerSubscription, Lease, ct);
                if (claimed.Count == 0)
                {
                    await WaitAsync(woken, ct);
                    continue;
                }
                await DeliverAsync(claimed, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Subscriptions{Tenant}: delivering notifications failed; trying again", space.Tenant is null ? "" : $" of tenant {space.Tenant}");
                await Task.Delay(options.PollInterval, time, ct);
            }
        }
    }

    /// <summary>
    /// Long enough for one subscription's claimed notifications, each up to the delivery timeout. A sender that stops
    /// mid-delivery leaves its claims to the next after this: delivery is at least once.
    /// </summary>
    private TimeSpan Lease => options.DeliveryTimeout * (ClaimPerSubscription + 1);

    /// <summary>Until woken, the next notification is due, or a poll interval passed (another replica may have enqueued).</summary>
    private async Task WaitAsync(Task woken, CancellationToken ct)
    {
        var wait = options.PollInterval;
        if (await space.Store.NextDueAsync(ct) is { } next)
        {
            var until = next - time.GetUtcNow();
            if (until < wait) wait = until < TimeSpan.Zero ? TimeSpan.Zero : until;
        }
        await Task.WhenAny(woken, Task.Delay(wait, time, ct));
        ct.ThrowIfCancellationRequested();
    }

    private async Task DeliverAsync(IReadOnlyList<PendingNotification> claimed, CancellationToken ct)
    {
        await space.RefreshAsync(force: false, ct);
        var entities = await EntitiesAsync(claimed, ct);
        var bySubscription = claimed.GroupBy(n => n.SubscriptionId, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(bySubscription, new ParallelOptions { MaxDegreeOfParallelism = options.ConcurrentDeliveries, CancellationToken = ct },
            async (group, token) =>
            {
                var queue = group.ToList();
                for (var i = 0; i < queue.Count; i++)
                {
                    if (ThrottledUntil(queue[i].SubscriptionId) is { } until)
                    {
                        await space.Store.ReleaseAsync(queue[i..], until, token);
                        return;
                    }
                    if (await SendAsync(queue[i], entities, token)) continue;
                    await space.Store.ReleaseAsync(queue[(i + 1)..], null, token); // they wait behind the retry
                    return;
                }
            });
    }

    /// <summary>
    /// When a throttled subscription may be notified again, if not yet: a throttling after its last notification was
    /// sent (the notifier spaces them when it enqueues; a delivery that ran late must not bring the next one closer).
    /// </summary>
    private DateTimeOffset? ThrottledUntil(string subscriptionId)
    {
        if (space.Index.ById.GetValueOrDefault(subscriptionId)?.Subscription.Throttling is not { } seconds) return null;
        if (!_lastSent.TryGetValue(subscriptionId, out var last)) return null;
        var until = last.AddSeconds(seconds);
        return until > time.GetUtcNow() ? until : null;
    }

    /// <summary>Every entity the batch's change notifications name, read once.</summary>
    private async Task<Dictionary<string, Entity>> EntitiesAsync(IReadOnlyList<PendingNotification> claimed, CancellationToken ct)
    {
        var ids = claimed.Where(n => n.EntityIds is not null).SelectMany(n => n.EntityIds!).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var page in ids.Chunk(EntityQuery.MaxLimit))
        {
            var result = await space.Twin.Store.QueryAsync(new EntityQuery { Ids = page, Limit = EntityQuery.MaxLimit }, ct);
            foreach (var e in result.Items) found[e.Id] = e;
        }
        return found;
    }

    /// <returns>False when the attempt failed and will be retried.</returns>
    private async Task<bool> SendAsync(PendingNotification n, Dictionary<string, Entity> entities, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var s = space.Index.ById.GetValueOrDefault(n.SubscriptionId)
            ?? (await space.Store.GetAsync(n.SubscriptionId, ct) is { } stored ? await CompiledSubscription.CreateAsync(stored.Subscription, space.Contexts, ct) : null);
        if (s is null || !s.Subscription.IsLiveAt(now))
        {
            await space.Store.CompleteAsync(n, null, null, ct); // deleted, paused or expired since: not sent
            return true;
        }
        IReadOnlyList<Entity> data = n.EntityIds is { } ids
            ? [.. ids.Select(entities.GetValueOrDefault).OfType<Entity>()]
            : (await space.Twin.Store.QueryAsync(s.Query(PeriodicLimit), ct)).Items;
        if (data.Count == 0)
        {
            await space.Store.CompleteAsync(n, null, null, ct); // the entities are gone: nothing to tell
            return true;
        }
        var error = await PostAsync(s, NotificationPayload.Write(s, data, now), ct);
        _lastSent[s.Id] = now;
        // Sent: record it even if the twin is stopping, or the next would send it again.
        ct = CancellationToken.None;
        var attempt = new DeliveryAttempt(now, error);
        var retry = error is not null && n.Attempts + 1 < options.MaxAttempts ? now + options.RetryAfter(n.Attempts + 1) : (DateTimeOffset?)null;
        if (error is not null && retry is null)
            logger.LogWarning("Subscription {Subscription}: notification given up after {Attempts} attempts: {Error}", s.Id, n.Attempts + 1, error);
        await space.Store.CompleteAsync(n, attempt, retry, ct);
        return error is null || retry is null;
    }

    /// <returns>Null when the receiver took it; otherwise why not.</returns>
    private async Task<string?> PostAsync(CompiledSubscription s, byte[] body, CancellationToken ct)
    {
        var endpoint = s.Subscription.Notification.Endpoint;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(NotificationPayload.ContentType(s));
        if (NotificationPayload.LinkHeader(s) is { } link) request.Headers.TryAddWithoutValidation("Link", link);
        foreach (var (key, value) in endpoint.ReceiverInfo) request.Headers.TryAddWithoutValidation(key, value);
        if (space.Tenant is { } tenant) request.Headers.TryAddWithoutValidation(CityMesh.Access.Tenants.Header, tenant);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.DeliveryTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the receiver did not answer within {options.DeliveryTimeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException e)
        {
            return e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
        }
    }
}
