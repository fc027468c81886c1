using CityMesh.Limits.Settings;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Settings under <c>CityMesh:JsonLd</c>: how the twin gets the remote @contexts requests name (fetched over HTTP(S)
/// and cached, or preloaded from files), and which hosts it may fetch them from.
/// </summary>
public sealed record JsonLdOptions : ISettings<JsonLdOptions>
{
    public const string Section = "CityMesh:JsonLd";

    static string ISettings<JsonLdOptions>.Section => Section;

    /// <summary>How long a fetched context is used before it is fetched again (a failed refetch keeps the old copy).</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The whole fetch of one context, redirects included.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest context document fetched or posted.</summary>
    public int MaxDocumentBytes { get; init; } = 1 << 20;

    /// <summary>How deep contexts may name other contexts (a document whose @context lists URLs, and so on).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Redirects followed per fetch; each target is checked like the first URL.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>
    /// The hosts contexts may be fetched from (<c>schema.example.org</c>, or <c>*.example.org</c> for its subdomains).
    /// Empty: any host whose addresses are public.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Lets fetches reach loopback and private addresses (RFC 1918, 100.64/10, fc00::/7): a city's internal context
    /// server, or a test's. Link-local (the cloud metadata address), multicast and unspecified addresses stay refused.
    /// </summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary>The folder <see cref="Preload"/> files are read from when they are not absolute paths.</summary>
    public string? PreloadFolder { get; init; }

    /// <summary>Contexts read from files at start instead of fetched, so an air-gapped city can ship those it uses.</summary>
    public IReadOnlyList<PreloadedContext> Preload { get; init; } = [];

    /// <exception cref="InvalidOperationException">A setting that cannot work; the message names its key.</exception>
    public JsonLdOptions Validated()
    {
        if (CacheTtl <= TimeSpan.Zero) throw Invalid("CacheTtl", CacheTtl, "give a positive duration such as 06:00:00");
        if (FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromMinutes(1)) throw Invalid("FetchTimeout", FetchTimeout, "give more than 0 and at most a minute");
        if (MaxDocumentBytes is < 1024 or > 64 << 20) throw Invalid("MaxDocumentBytes", MaxDocumentBytes, "give 1024 to 67108864");
        if (MaxDepth is < 1 or > 32) throw Invalid("MaxDepth", MaxDepth, "give 1 to 32");
        if (MaxRedirects is < 0 or > 10) throw Invalid("MaxRedirects", MaxRedirects, "give 0 to 10");
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            var host = AllowedHosts[i];
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name) == UriHostNameType.Unknown) throw Invalid($"AllowedHosts:{i}", host, "give a host name such as schema.example.org or *.example.org");
        }
        for (var i = 0; i < Preload.Count; i++)
        {
            var entry = Preload[i];
            if (!Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw Invalid($"Preload:{i}:Url", entry.Url, "give the http(s) URL requests name the context by");
            if (string.IsNullOrWhiteSpace(entry.File)) throw Invalid($"Preload:{i}:File", entry.File, "give the file holding the context document");
        }
        return this;
    }

    /// <summary>Where a preloaded context's file is.</summary>
    public string PathOf(PreloadedContext entry) =>
        Path.IsPathRooted(entry.File) || PreloadFolder is null ? entry.File : Path.Combine(PreloadFolder, entry.File);

    private static InvalidOperationException Invalid(string key, object? value, string hint) =>
        new($"{Section}:{key} is '{value}'; {hint}.");
}

/// <summary>A context document shipped as a file, used wherever a request names <see cref="Url"/>.</summary>
public sealed record PreloadedContext
{
    public string Url { get; init; } = "";

    /// <summary>An absolute path, or one relative to <see cref="JsonLdOptions.PreloadFolder"/>.</summary>
    public string File { get; init; } = "";
}
