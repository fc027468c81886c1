using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace CityMesh.Kubernetes;

/// <summary>
/// A cache kept by list, then watch (client-go's reflector, cut to what the operator needs): the list dispatches
/// ADDED for each object; the watch starts at the list's resourceVersion; a bookmark only moves that resourceVersion;
/// a stream that ends is reopened from the last resourceVersion; a 410 Expired (an HTTP answer, or an ERROR event in
/// the stream) relists and dispatches what changed meanwhile, DELETED for what is gone; any other failure is logged
/// and retried with capped backoff. Handlers are awaited one at a time, in order. The requests themselves are
/// KubernetesClient's (<see cref="IInformerSource{T}"/>).
/// </summary>
public sealed class Informer<T>(IInformerSource<T> source, ILogger logger, IInformerObserver? observer = null) where T : class
{
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the next watch starts: the list's, then the last event's or bookmark's resourceVersion.</summary>
    public string ResourceVersion { get; private set; } = "";

    /// <summary>True once the first list has been dispatched.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Every cached object.</summary>
    public IReadOnlyCollection<T> Items => _cache.Values.ToList();

    public T? TryGet(string key) => _cache.GetValueOrDefault(key);

    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(Func<InformerEvent<T>, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        var needList = true;
        var backoff = InitialBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await RelistAsync(onEvent, ct);
                    needList = false;
                    _synced.TrySetResult();
                }
                // The client hands an ERROR event to this callback and reads on; the server ends the stream after it.
                Exception? streamError = null;
                observer?.WatchStarting();
                await foreach (var (type, obj) in source.WatchAsync(ResourceVersion, e => streamError ??= e, ct))
                {
                    backoff = InitialBackoff;
                    await HandleAsync(type, obj, onEvent, ct);
                }
                if (streamError is not null) throw streamError;
                logger.LogDebug("Watch of {Resource} ended at {ResourceVersion}; rewatching", source.Plural, ResourceVersion);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsExpired(e))
            {
                logger.LogInformation("Watch of {Resource} expired ({Message}); relisting", source.Plural, e.Message);
                needList = true;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Informer for {Resource} failed; retrying in {Backoff}", source.Plural, backoff);
                try { await Task.Delay(backoff, ct); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>410 Gone: the resourceVersion is older than the server keeps, as an HTTP answer or a Status in the stream.</summary>
    public static bool IsExpired(Exception e) => e switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    private async Task HandleAsync(WatchEventType type, T obj, Func<InformerEvent<T>, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        var id = source.Identify(obj);
        switch (type)
        {
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Added or WatchEventType.Modified:
                _cache[id.Key] = obj;
                await onEvent(new InformerEvent<T>(type == WatchEventType.Added ? "ADDED" : "MODIFIED", id.Key, obj), ct);
                break;
            case WatchEventType.Deleted:
                _cache.TryRemove(id.Key, out _);
                await onEvent(new InformerEvent<T>("DELETED", id.Key, obj), ct);
                break;
            default:
                logger.LogWarning("Ignoring watch event of type {Type}", type);
                break;
        }
        // Moved after the handler ran, so a handler that throws sees its event again on the rewatch.
        if (!string.IsNullOrEmpty(id.ResourceVersion)) ResourceVersion = id.ResourceVersion;
    }

    /// <summary>List and reconcile the cache with it, dispatching only the differences.</summary>
    private async Task RelistAsync(Func<InformerEvent<T>, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        (string ResourceVersion, IReadOnlyList<T> Items) list;
        try
        {
            list = await source.ListAsync(ct);
            observer?.ListSucceeded();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            observer?.ListFailed(e);
            throw;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var id = source.Identify(item);
            seen.Add(id.Key);
            var had = _cache.TryGetValue(id.Key, out var old);
            _cache[id.Key] = item;
            if (!had)
                await onEvent(new InformerEvent<T>("ADDED", id.Key, item), ct);
            else if (source.Identify(old!).ResourceVersion != id.ResourceVersion)
                await onEvent(new InformerEvent<T>("MODIFIED", id.Key, item), ct);
        }
        foreach (var key in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_cache.TryRemove(key, out var last))
                await onEvent(new InformerEvent<T>("DELETED", key, last), ct);
        }
        ResourceVersion = list.ResourceVersion;
    }
}
