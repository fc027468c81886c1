using System.Text.Json;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>How the twin came to hold a context (NGSI-LD clause 5.13.1).</summary>
public enum ContextKind
{
    /// <summary>Posted to <c>/jsonldContexts</c>, served by the twin at a URL of its own.</summary>
    Hosted,

    /// <summary>A copy of a context that lives elsewhere: fetched, preloaded from a file, or built in.</summary>
    Cached,

    /// <summary>Made by the twin itself for a request's inline context. CityMesh makes none yet.</summary>
    ImplicitlyCreated,
}

/// <summary>
/// One context the twin holds: its document, where it came from and how it is used. The document never changes; a
/// reload makes a new entry that carries the use counts over.
/// </summary>
public sealed class ContextEntry
{
    private long _hits;
    private long _lastUsageTicks;

    /// <param name="url">The URL a cached context is known by; null for a hosted one (its URL is the twin's own).</param>
    /// <param name="document">The document's text, as posted, fetched or read.</param>
    /// <param name="fetchedAt">When it was fetched; null when it never goes stale (hosted, preloaded, built in).</param>
    public ContextEntry(string localId, ContextKind kind, string? url, string document, DateTimeOffset createdAt, DateTimeOffset? fetchedAt,
        bool builtIn = false)
    {
        LocalId = localId;
        Kind = kind;
        Url = url;
        Document = document;
        using var parsed = JsonDocument.Parse(document);
        Context = parsed.RootElement.GetProperty("@context").Clone();
        CreatedAt = createdAt;
        FetchedAt = fetchedAt;
        BuiltIn = builtIn;
    }

    public string LocalId { get; }
    public ContextKind Kind { get; }
    public string? Url { get; }
    public string Document { get; }

    /// <summary>The document's @context member: a URL, an object of term definitions, or an array of those.</summary>
    public JsonElement Context { get; }

    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? FetchedAt { get; }

    /// <summary>The core and CityMesh contexts: listed, never deleted nor reloaded.</summary>
    public bool BuiltIn { get; }

    public long Hits => Interlocked.Read(ref _hits);

    public DateTimeOffset? LastUsage => Interlocked.Read(ref _lastUsageTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public bool IsStale(DateTimeOffset now, TimeSpan ttl) => FetchedAt is { } fetched && now - fetched >= ttl;

    public void Used(DateTimeOffset now)
    {
        Interlocked.Increment(ref _hits);
        Interlocked.Exchange(ref _lastUsageTicks, now.UtcTicks);
    }

    /// <summary>The same context with a new document (a reload), keeping its id, creation and use counts.</summary>
    public ContextEntry Replaced(string document, DateTimeOffset fetchedAt)
    {
        var next = new ContextEntry(LocalId, Kind, Url, document, CreatedAt, fetchedAt, BuiltIn);
        next._hits = Hits;
        next._lastUsageTicks = Interlocked.Read(ref _lastUsageTicks);
        return next;
    }

    public StoredJsonLdContext ToStored() => new(LocalId, Kind, Url, Document, CreatedAt, FetchedAt);

    public static ContextEntry FromStored(StoredJsonLdContext stored) =>
        new(stored.LocalId, stored.Kind, stored.Url, stored.Document, stored.CreatedAt, stored.FetchedAt);
}

/// <summary>A context as a store keeps it across restarts.</summary>
public sealed record StoredJsonLdContext(string LocalId, ContextKind Kind, string? Url, string Document, DateTimeOffset CreatedAt, DateTimeOffset? FetchedAt);

/// <summary>Where hosted and fetched contexts outlive the process: PostgreSQL; with the memory store they live in the process only.</summary>
public interface IJsonLdContextStore
{
    Task<IReadOnlyList<StoredJsonLdContext>> LoadAsync(CancellationToken ct);

    Task<StoredJsonLdContext?> FindAsync(string localId, CancellationToken ct);

    /// <summary>Adds the context, or replaces the one with its local id.</summary>
    Task SaveAsync(StoredJsonLdContext context, CancellationToken ct);

    Task DeleteAsync(string localId, CancellationToken ct);
}
