using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// The contexts the twin holds and where it gets the others: the core and CityMesh contexts built in; contexts posted
/// to <c>/jsonldContexts</c> (hosted, served at the twin's own URL); contexts preloaded from files; and remote ones,
/// fetched once through <see cref="ContextFetcher"/> and cached for <see cref="JsonLdOptions.CacheTtl"/>. A stale copy
/// is fetched again on use, and kept when that fails, so a context host's outage does not stop the city's writes.
/// Hosted and fetched contexts outlive a restart when there is an <see cref="IJsonLdContextStore"/> (PostgreSQL).
/// </summary>
public sealed class ContextSource : IDisposable
{
    public const string HostedPath = NgsiLdEndpoints.Prefix + "/jsonldContexts";

    /// <summary>The local id of the CityMesh context, served at <see cref="CityMeshContext.Path"/> too.</summary>
    public const string CityMeshId = "citymesh";

    public const string CoreId = "ngsi-ld-core";

    private const int MaxResolved = 512;

    private readonly JsonLdOptions _options;
    private readonly ContextFetcher _fetcher;
    private readonly IJsonLdContextStore? _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<ContextSource> _logger;

    private readonly ContextEntry _core;
    private readonly ContextEntry _cityMesh;
    private readonly ConcurrentDictionary<string, ContextEntry> _hosted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ContextEntry> _cached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ContextEntry>> _fetching = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Resolved> _resolved = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;
    private long _version;

    /// <param name="preloaded">Contexts read from files (<see cref="ReadPreloaded"/>).</param>
    /// <param name="store">Null: contexts live in this process only.</param>
    public ContextSource(JsonLdOptions options, IReadOnlyList<ContextEntry> preloaded, IJsonLdContextStore? store, TimeProvider clock, ILogger<ContextSource> logger)
    {
        _options = options;
        _fetcher = new ContextFetcher(options);
        _store = store;
        _clock = clock;
        _logger = logger;
        _loaded = store is null;
        var start = clock.GetUtcNow();
        // The core's terms are NGSI-LD's own keywords, which the codec handles structurally: nothing to keep but its name.
        _core = new ContextEntry(CoreId, ContextKind.Cached, CityMeshContext.CoreContextUrl, "{\"@context\": {}}", start, null, builtIn: true);
        _cityMesh = new ContextEntry(CityMeshId, ContextKind.Hosted, null, System.Text.Encoding.UTF8.GetString(CityMeshContext.Document.Span), start, null, builtIn: true);
        foreach (var entry in preloaded) _cached[entry.Url!] = entry;
    }

    public JsonLdOptions Options => _options;

    /// <summary>Reads the contexts <see cref="JsonLdOptions.Preload"/> names; at start, so a missing file stops it.</summary>
    /// <exception cref="InvalidOperationException">A file is missing or not a context document; the message names the setting.</exception>
    public static IReadOnlyList<ContextEntry> ReadPreloaded(JsonLdOptions options, DateTimeOffset now)
    {
        var entries = new List<ContextEntry>();
        for (var i = 0; i < options.Preload.Count; i++)
        {
            var preload = options.Preload[i];
            var path = options.PathOf(preload);
            try
            {
                var text = ContextFetcher.CheckDocument(preload.Url, File.ReadAllBytes(path));
                entries.Add(new ContextEntry(NewId(), ContextKind.Cached, preload.Url, text, now, fetchedAt: null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ContextUnavailableException)
            {
                throw new InvalidOperationException($"{JsonLdOptions.Section}:Preload:{i}:File '{path}' cannot be used: {e.Message}", e);
            }
        }
        return entries;
    }

    /// <summary>The local id in a URL of a context the twin hosts (any host: behind a proxy clients see another); null for other URLs.</summary>
    public static string? HostedIdOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0) return null;
        var path = uri.AbsolutePath;
        if (!path.StartsWith(HostedPath + "/", StringComparison.Ordinal)) return null;
        var id = Uri.UnescapeDataString(path[(HostedPath.Length + 1)..]);
        return id.Length > 0 && !id.Contains('/') ? id : null;
    }

    public bool IsCityMesh(ContextEntry entry) => ReferenceEquals(entry, _cityMesh);

    public bool IsCore(ContextEntry entry) => ReferenceEquals(entry, _core);

    /// <summary>Every context held: the built-in ones first, then hosted and cached ones by creation.</summary>
    public async Task<IReadOnlyList<ContextEntry>> ListAsync(CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        return [_core, _cityMesh, .. _hosted.Values.Concat(_cached.Values).OrderBy(e => e.CreatedAt).ThenBy(e => e.LocalId, StringComparer.Ordinal)];
    }

    /// <summary>A context by local id, or a cached one by its URL; null when the twin holds none such.</summary>
    public async Task<ContextEntry?> FindAsync(string contextId, CancellationToken ct)
    {
        if (contextId == CoreId || contextId == CityMeshContext.CoreContextUrl) return _core;
        if (contextId == CityMeshId) return _cityMesh;
        if (await FindHostedAsync(contextId, ct) is { } hosted) return hosted;
        if (_cached.TryGetValue(contextId, out var byUrl)) return byUrl;
        return _cached.Values.FirstOrDefault(e => e.LocalId == contextId);
    }

    /// <summary>A hosted context by local id; asks the store on a miss, where another replica may have added it.</summary>
    public async Task<ContextEntry?> FindHostedAsync(string localId, CancellationToken ct)
    {
        if (localId == CityMeshId) return _cityMesh;
        await EnsureLoadedAsync(ct);
        if (_hosted.TryGetValue(localId, out var entry)) return entry;
        if (_store is null || await _store.FindAsync(localId, ct) is not { Kind: ContextKind.Hosted } stored) return null;
        return _hosted.GetOrAdd(localId, ContextEntry.FromStored(stored));
    }

    /// <summary>Hosts a posted context document under a new local id.</summary>
    /// <param name="document">A JSON object with @context, already checked.</param>
    public async Task<ContextEntry> AddHostedAsync(string document, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var entry = new ContextEntry(NewId(), ContextKind.Hosted, null, document, _clock.GetUtcNow(), fetchedAt: null);
        if (_store is not null) await _store.SaveAsync(entry.ToStored(), ct);
        _hosted[entry.LocalId] = entry;
        Changed();
        return entry;
    }

    /// <summary>Forgets a hosted or cached context (a cached one is fetched again when next named).</summary>
    public async Task DeleteAsync(ContextEntry entry, CancellationToken ct)
    {
        if (entry.BuiltIn) throw new InvalidOperationException("built-in contexts are never deleted");
        if (_store is not null) await _store.DeleteAsync(entry.LocalId, ct);
        if (entry.Kind == ContextKind.Cached) _cached.TryRemove(entry.Url!, out _);
        else _hosted.TryRemove(entry.LocalId, out _);
        Changed();
    }

    /// <summary>Fetches a cached context again now, replacing the copy (a preloaded one too).</summary>
    /// <exception cref="ContextUnavailableException">It cannot be had; the old copy stays.</exception>
    public Task<ContextEntry> ReloadAsync(ContextEntry entry, CancellationToken ct) => FetchSharedAsync(entry.Url!, entry, ct);

    /// <summary>The context at a remote URL: cached while fresh, fetched otherwise; a stale copy when the fetch fails.</summary>
    /// <exception cref="ContextUnavailableException">There is no copy and it cannot be fetched.</exception>
    public async Task<ContextEntry> GetRemoteAsync(string url, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        if (url == CityMeshContext.CoreContextUrl) return _core;
        _cached.TryGetValue(url, out var held);
        if (held is not null && !held.IsStale(_clock.GetUtcNow(), _options.CacheTtl)) return held;
        try
        {
            return await FetchSharedAsync(url, held, ct);
        }
        catch (ContextUnavailableException e) when (held is not null)
        {
            _logger.LogWarning("JSON-LD context {Url} could not be fetched again; its copy of {FetchedAt:o} is used: {Reason}", url, held.FetchedAt, e.Reason);
            return held;
        }
        catch (ContextUnavailableException e)
        {
            // Once per URL and reason: a client repeating a bad Link header must not flood the log.
            if (_warned.Count < 10_000 && _warned.TryAdd(url + " " + e.Reason, 0))
                _logger.LogWarning(e.RefusedByPolicy ? "JSON-LD context {Url} refused: {Reason}" : "JSON-LD context {Url} could not be fetched: {Reason}", url, e.Reason);
            throw;
        }
    }

    /// <summary>Counts a use of <paramref name="entry"/> (numberOfHits, lastUsage).</summary>
    public void Used(ContextEntry entry) => entry.Used(_clock.GetUtcNow());

    /// <summary>A context resolved earlier from the same text, while every context it used is unchanged and fresh.</summary>
    internal bool TryGetResolved(string key, out LdContext context)
    {
        context = null!;
        if (!_resolved.TryGetValue(key, out var resolved)) return false;
        var now = _clock.GetUtcNow();
        if (resolved.Version != Interlocked.Read(ref _version) || resolved.Used.Any(e => e.IsStale(now, _options.CacheTtl))) return false;
        foreach (var entry in resolved.Used) entry.Used(now);
        context = resolved.Context;
        return true;
    }

    internal void KeepResolved(string key, LdContext context, IReadOnlyList<ContextEntry> used, long version)
    {
        if (_resolved.Count >= MaxResolved) _resolved.Clear(); // a crude bound: clients name few distinct contexts
        _resolved[key] = new Resolved(context, [.. used], version);
    }

    /// <summary>Changes whenever a held context does; a resolution records it to know it is still good.</summary>
    internal long Version => Interlocked.Read(ref _version);

    private Task<ContextEntry> FetchSharedAsync(string url, ContextEntry? previous, CancellationToken ct)
    {
        // Concurrent requests naming one URL share a fetch; it is not cancelled with any one of them (FetchTimeout bounds it).
        var fetch = _fetching.GetOrAdd(url, u => FetchAndKeepAsync(u, previous));
        return Await(fetch);

        async Task<ContextEntry> Await(Task<ContextEntry> task)
        {
            try
            {
                return await task.WaitAsync(ct);
            }
            finally
            {
                if (task.IsCompleted) _fetching.TryRemove(new KeyValuePair<string, Task<ContextEntry>>(url, task));
            }
        }
    }

    private async Task<ContextEntry> FetchAndKeepAsync(string url, ContextEntry? previous)
    {
        await Task.Yield(); // GetOrAdd's factory returns at once; the fetch runs outside it
        var document = await _fetcher.FetchAsync(url, CancellationToken.None);
        var now = _clock.GetUtcNow();
        var entry = previous?.Replaced(document, now) ?? new ContextEntry(NewId(), ContextKind.Cached, url, document, now, now);
        _cached[url] = entry;
        Changed();
        if (_store is not null)
        {
            try
            {
                await _store.SaveAsync(entry.ToStored(), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The copy in memory serves; only surviving a restart is lost.
                _logger.LogWarning("JSON-LD context {Url} fetched but not stored: {Reason}", url, e.Message);
            }
        }
        return entry;
    }

    /// <summary>Loads the stored contexts once; while the store cannot answer (migrations pending, database down) tries again on the next use.</summary>
    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        await _loading.WaitAsync(ct);
        try
        {
            if (_loaded) return;
            foreach (var stored in await _store!.LoadAsync(ct))
            {
                var entry = ContextEntry.FromStored(stored);
                if (entry.Kind == ContextKind.Cached) _cached.TryAdd(entry.Url!, entry); // a preloaded file wins over a stored copy
                else _hosted.TryAdd(entry.LocalId, entry);
            }
            _loaded = true;
            Changed();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("JSON-LD contexts could not be loaded from the store yet: {Reason}", e.Message);
        }
        finally
        {
            _loading.Release();
        }
    }

    private void Changed() => Interlocked.Increment(ref _version);

    private static string NewId() => Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _fetcher.Dispose();
        _loading.Dispose();
    }

    private sealed record Resolved(LdContext Context, ContextEntry[] Used, long Version);
}
