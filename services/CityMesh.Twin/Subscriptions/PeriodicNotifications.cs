namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Enqueues a periodic subscription's notification every <c>timeInterval</c> seconds, the first when it is created or
/// when this process starts; the sender then sends every entity that matches at that moment. The schedule is this
/// process's: on a restart the next notification goes out at once.
/// </summary>
internal sealed class PeriodicNotifications(SubscriptionSpace space, SubscriptionOptions options, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await space.RefreshAsync(force: false, ct);
                await EnqueueDueAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // The store is away: the notifier and the sender log it; the next tick tries again.
            }
            await Task.Delay(Tick < options.PollInterval ? Tick : options.PollInterval, time, ct);
        }
    }

    private async Task EnqueueDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = new List<NewNotification>();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in space.Index.Periodic)
        {
            live.Add(s.Id);
            if (_next.TryGetValue(s.Id, out var next) && next > now) continue;
            due.Add(new NewNotification(s.Id, null, now));
            _next[s.Id] = now.AddSeconds(s.Subscription.TimeInterval!.Value);
        }
        foreach (var gone in _next.Keys.Where(id => !live.Contains(id)).ToList()) _next.Remove(gone);
        if (due.Count == 0) return;
        await space.Store.EnqueueAsync(due, ct);
        space.Wake();
    }
}
