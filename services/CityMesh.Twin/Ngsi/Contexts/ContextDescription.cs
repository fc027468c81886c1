using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>How the <c>/jsonldContexts</c> API names and describes a context (NGSI-LD clause 5.13.3: URL, localId, kind, ...).</summary>
public static class ContextDescription
{
    /// <summary>The URL clients name the context by: a hosted one's is the twin's own, as this request reaches it.</summary>
    public static string UrlOf(ContextEntry entry, ContextSource source, HttpRequest request)
    {
        if (source.IsCityMesh(entry)) return CityMeshContext.UrlFor(request);
        return entry.Url ?? HostedUrl(request, entry.LocalId);
    }

    public static string HostedUrl(HttpRequest request, string localId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{ContextSource.HostedPath}/{Uri.EscapeDataString(localId)}";

    public static void WriteDetails(Utf8JsonWriter w, ContextEntry entry, ContextSource source, HttpRequest request)
    {
        w.WriteStartObject();
        w.WriteString("URL", UrlOf(entry, source, request));
        w.WriteString("localId", entry.LocalId);
        w.WriteString("kind", entry.Kind.ToString());
        w.WriteString("createdAt", entry.CreatedAt.UtcDateTime);
        if (entry.LastUsage is { } lastUsage) w.WriteString("lastUsage", lastUsage.UtcDateTime);
        w.WriteNumber("numberOfHits", entry.Hits);
        // CityMesh's own: where a cached copy comes from, so an operator sees what is fetched and when.
        w.WriteStartObject("extraInfo");
        w.WriteString("origin", entry.BuiltIn ? "builtIn" : entry.Kind == ContextKind.Hosted ? "posted" : entry.FetchedAt is null ? "preloaded" : "fetched");
        if (entry.FetchedAt is { } fetched) w.WriteString("fetchedAt", fetched.UtcDateTime);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
