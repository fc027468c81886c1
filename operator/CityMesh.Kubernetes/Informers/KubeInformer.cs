using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CityMesh.Kubernetes;

/// <summary>
/// List, then watch (PROTOCOLS.md §2.2), keeping a cache of the objects: the list dispatches ADDED for each; the
/// watch starts at the list's resourceVersion; a bookmark only moves that resourceVersion; a stream that ends is
/// reopened from the last resourceVersion; a 410 relists and dispatches what changed meanwhile (DELETED for what
/// is gone); any other failure is logged and retried with capped backoff. Handlers are awaited one at a time, in order.
/// </summary>
public sealed class KubeInformer(IKubeApi api, KubeResource resource, string? ns, string? labelSelector, ILogger logger)
{
    private readonly ConcurrentDictionary<string, JsonObject> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the next watch starts: the list's, then the last event's or bookmark's resourceVersion.</summary>
    public string ResourceVersion { get; private set; } = "";

    /// <summary>True once the first list has been dispatched.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>A copy of every cached object.</summary>
    public IReadOnlyCollection<JsonObject> Items => _cache.Values.Select(o => o.DeepClone().AsObject()).ToList();

    /// <summary>A copy of the cached object with this key, or null.</summary>
    public JsonObject? TryGet(string key) => _cache.TryGetValue(key, out var obj) ? obj.DeepClone().AsObject() : null;

    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    public static string KeyOf(JsonObject obj)
    {
        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        return obj["metadata"]?["namespace"]?.GetValue<string>() is { Length: > 0 } objNs ? $"{objNs}/{name}" : name;
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(Func<InformerEvent, CancellationToken, Task> onEvent, CancellationToken ct)
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
                await foreach (var evt in api.WatchAsync(resource, ns, ResourceVersion, labelSelector, ct))
                {
                    backoff = InitialBackoff;
                    await HandleAsync(evt, onEvent, ct);
                }
                logger.LogDebug("Watch of {Resource} ended at {ResourceVersion}; rewatching", resource.Plural, ResourceVersion);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubeGoneException e)
            {
                logger.LogInformation("Watch of {Resource} expired ({Message}); relisting", resource.Plural, e.Message);
                needList = true;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Informer for {Resource} failed; retrying in {Backoff}", resource.Plural, backoff);
                try { await Task.Delay(backoff, ct); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task HandleAsync(WatchEvent evt, Func<InformerEvent, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        var rv = evt.Object["metadata"]?["resourceVersion"]?.GetValue<string>();
        switch (evt.Type)
        {
            case "BOOKMARK":
                break;
            case "ADDED" or "MODIFIED":
                var key = KeyOf(evt.Object);
                _cache[key] = evt.Object;
                await onEvent(new InformerEvent(evt.Type, key, evt.Object.DeepClone().AsObject()), ct);
                break;
            case "DELETED":
                var gone = KeyOf(evt.Object);
                _cache.TryRemove(gone, out _);
                await onEvent(new InformerEvent("DELETED", gone, evt.Object.DeepClone().AsObject()), ct);
                break;
            default:
                logger.LogWarning("Ignoring watch event of unknown type {Type}", evt.Type);
                break;
        }
        // Moved after the handler ran, so a handler that throws sees its event again on the rewatch.
        if (!string.IsNullOrEmpty(rv)) ResourceVersion = rv;
    }

    /// <summary>List and reconcile the cache with it, dispatching only the differences.</summary>
    private async Task RelistAsync(Func<InformerEvent, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        var list = await api.ListAsync(resource, ns, labelSelector, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var key = KeyOf(item);
            seen.Add(key);
            var had = _cache.TryGetValue(key, out var old);
            _cache[key] = item;
            if (!had)
                await onEvent(new InformerEvent("ADDED", key, item.DeepClone().AsObject()), ct);
            else if (old!["metadata"]?["resourceVersion"]?.GetValue<string>() != item["metadata"]?["resourceVersion"]?.GetValue<string>())
                await onEvent(new InformerEvent("MODIFIED", key, item.DeepClone().AsObject()), ct);
        }
        foreach (var key in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_cache.TryRemove(key, out var last))
                await onEvent(new InformerEvent("DELETED", key, last.DeepClone().AsObject()), ct);
        }
        ResourceVersion = list.ResourceVersion;
    }
}
