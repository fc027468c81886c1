using CityMesh.Twin.Changes;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// One tenant's subscriptions (or the city's own): its twin, where they are kept, and the index the notifier matches
/// changes with. A tenant's subscriptions see only that tenant's twin. The index is rebuilt when a subscription is
/// written here, when the store's version says another replica wrote one, and when one expires. A subscription whose
/// @context cannot be had now (its host down after a restart) is left out of the index alone, logged, and tried
/// again every <see cref="RetryUnavailable"/>: it never keeps the others from being matched.
/// </summary>
public sealed class SubscriptionSpace(string? tenant, TwinService twin, ISubscriptionStore store, TimeProvider time, ContextSource contexts,
    ILogger? logger = null)
{
    public static readonly TimeSpan RetryUnavailable = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private DateTimeOffset? _retryAt;
    /// <summary>Resolves the contexts a subscription names (its request's, and jsonldContext for notifications).</summary>
    public ContextSource Contexts { get; } = contexts;

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private long _version = -1;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Null for the city's own entities.</summary>
    public string? Tenant { get; } = tenant;
    public TwinService Twin { get; } = twin;
    public ISubscriptionStore Store { get; } = store;
    public SubscriptionIndex Index { get; private set; } = SubscriptionIndex.Empty;

    /// <summary>Subscriptions left out of <see cref="Index"/> at the last rebuild: they could not be compiled (mostly an @context not to be had).</summary>
    public IReadOnlyList<string> Unavailable { get; private set; } = [];

    /// <summary>The store beside a twin store: in its database (and schema) on PostgreSQL, in memory beside memory.</summary>
    public static ISubscriptionStore StoreFor(TwinService twin) =>
        twin.Store is PostgresTwinStore postgres ? new PostgresSubscriptionStore(postgres.DataSource) : new MemorySubscriptionStore();

    public ITwinChangeLog? Changes => Twin.Changes;

    /// <summary>Rebuilds the index if a subscription changed (here or on another replica) or expired.</summary>
    public async Task RefreshAsync(bool force, CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct);
        try
        {
            var version = await Store.VersionAsync(ct);
            var now = time.GetUtcNow();
            if (!force && version == _version && !(Index.NextExpiry <= now) && !(_retryAt <= now)) return;
            var all = new List<CompiledSubscription>();
            var unavailable = new List<string>();
            for (var offset = 0; ; offset += 1000)
            {
                var (page, total) = await Store.ListAsync(offset, 1000, ct);
                foreach (var stored in page)
                {
                    try
                    {
                        all.Add(await CompiledSubscription.CreateAsync(stored.Subscription, Contexts, ct));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Most often its @context, unreachable now; any stored subscription that cannot be compiled
                        // is left out alone rather than stopping every other one.
                        unavailable.Add(stored.Subscription.Id);
                        _logger.LogWarning("subscription {Subscription} of {Tenant} is not matched until it can be compiled again: {Detail}",
                            stored.Subscription.Id, Tenant ?? "the city", e is NgsiProblemException p ? p.Problem.Detail : e.Message);
                    }
                }
                if (offset + page.Count >= total || page.Count == 0) break;
            }
            Index = new SubscriptionIndex(all, now);
            Unavailable = unavailable;
            _retryAt = unavailable.Count > 0 ? now + RetryUnavailable : null;
            _version = version;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    /// <summary>Tells the sender that notifications were enqueued.</summary>
    public void Wake()
    {
        var wake = Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        wake.TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Wake"/>.</summary>
    public Task Woken => Volatile.Read(ref _wake).Task;
}
