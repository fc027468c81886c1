namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// A context that cannot be had: refused by policy, unreachable, too slow, too big, or not a JSON-LD context. Becomes
/// 503 LdContextNotAvailable naming the URL and the reason.
/// </summary>
public sealed class ContextUnavailableException(string url, string reason, bool refusedByPolicy = false, Exception? inner = null)
    : Exception($"the context '{url}' is not available: {reason}", inner)
{
    public string Url { get; } = url;

    public string Reason { get; } = reason;

    /// <summary>The twin chose not to fetch it (SSRF rules, allowlist), rather than failing to.</summary>
    public bool RefusedByPolicy { get; } = refusedByPolicy;
}
