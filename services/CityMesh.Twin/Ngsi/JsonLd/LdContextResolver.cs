using System.Text.Json;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.Extensions.Primitives;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Turns a request's context (a JSON-LD Link header, or the @context member of an application/ld+json body) into an
/// <see cref="LdContext"/>. The CityMesh and ETSI core contexts are known; inline context objects are read; other
/// remote contexts are not fetched (the twin makes no outbound calls on a client's behalf) and answer
/// LdContextNotAvailable.
/// </summary>
public static class LdContextResolver
{
    public const string ContextRel = "http://www.w3.org/ns/json-ld#context";
    private const int MaxSources = 16;
    private const int MaxTerms = 1024;

    /// <summary>The context a Link header names; the CityMesh context when there is none.</summary>
    public static LdContext FromLinkHeader(StringValues link)
    {
        string? url = null;
        foreach (var value in link)
        {
            foreach (var entry in SplitLinks(value ?? ""))
            {
                if (!TryParseLink(entry, out var target, out var rel)) throw Bad("is not a valid Link header (RFC 8288)", "Link");
                if (rel != ContextRel) continue;
                if (url is not null) throw Bad("names more than one JSON-LD context", "Link");
                url = target;
            }
        }
        if (url is null) return LdContext.CityMesh;
        var builder = new LdContextBuilder();
        var cityMesh = AddUrl(builder, url, "Link");
        return cityMesh ? LdContext.CityMesh : builder.Build(url, isCityMesh: false);
    }

    /// <summary>The context a body's @context member gives.</summary>
    public static LdContext FromBody(JsonElement context, string field = "@context")
    {
        var builder = new LdContextBuilder();
        var sources = context.ValueKind == JsonValueKind.Array ? [.. context.EnumerateArray()] : new[] { context };
        if (sources.Length == 0) throw Bad("must name at least one context", field);
        if (sources.Length > MaxSources) throw Bad($"may list at most {MaxSources} contexts", field);
        var onlyKnownUrls = true;
        var cityMesh = false;
        string? singleUrl = null;
        for (var i = 0; i < sources.Length; i++)
        {
            var source = sources[i];
            var path = context.ValueKind == JsonValueKind.Array ? $"{field}[{i}]" : field;
            switch (source.ValueKind)
            {
                case JsonValueKind.String:
                    singleUrl = sources.Length == 1 ? source.GetString() : null;
                    cityMesh |= AddUrl(builder, source.GetString()!, path);
                    break;
                case JsonValueKind.Object:
                    onlyKnownUrls &= AddInline(builder, source, path) == 0;
                    break;
                default:
                    throw Bad("must be a context URL or an inline context object", path);
            }
        }
        if (onlyKnownUrls && cityMesh) return LdContext.CityMesh;
        return builder.Build(onlyKnownUrls ? singleUrl : null, isCityMesh: false);
    }

    /// <returns>True when the URL is the CityMesh context.</returns>
    private static bool AddUrl(LdContextBuilder builder, string url, string field)
    {
        if (CityMeshContext.IsContextUrl(url))
        {
            builder.AddCityMesh();
            return true;
        }
        if (CityMeshContext.IsCoreContextUrl(url)) return false; // the core's terms are NGSI-LD's keywords, handled structurally
        if (!Uri.TryCreate(url, UriKind.Absolute, out _)) throw Bad($"'{url}' is not an absolute context URL", field);
        throw new NgsiProblemException(NgsiProblem.LdContextNotAvailable(
            $"the context '{url}' is not available here: CityMesh does not fetch remote contexts; use its own context " +
            $"({CityMeshContext.Path}), the ETSI core context, or an inline context object", field));
    }

    /// <returns>The number of terms the object defined.</returns>
    private static int AddInline(LdContextBuilder builder, JsonElement context, string field)
    {
        var defined = 0;
        foreach (var member in context.EnumerateObject())
        {
            var path = $"{field}.{member.Name}";
            if (builder.Count >= MaxTerms) throw Bad($"may define at most {MaxTerms} terms", field);
            switch (member.Name)
            {
                case "@vocab":
                    if (member.Value.ValueKind != JsonValueKind.String || !Uri.TryCreate(member.Value.GetString(), UriKind.Absolute, out _))
                        throw Bad("must be an absolute IRI", path);
                    builder.SetVocab(member.Value.GetString()!);
                    defined++;
                    continue;
                case "@version" or "@protected" or "@language" or "@direction" or "@propagate" or "@base":
                    continue; // no effect on type and attribute names
                case "@import":
                    throw new NgsiProblemException(NgsiProblem.OperationNotSupported("@import of remote contexts is not supported", path));
            }
            if (member.Name.StartsWith('@') || member.Name.Length == 0) throw Bad($"'{member.Name}' is not a supported context keyword", path);
            switch (member.Value.ValueKind)
            {
                case JsonValueKind.String:
                    builder.Define(member.Name, member.Value.GetString());
                    break;
                case JsonValueKind.Null:
                    builder.Define(member.Name, null);
                    break;
                case JsonValueKind.Object:
                    if (!member.Value.TryGetProperty("@id", out var id)) builder.Define(member.Name, member.Name);
                    else if (id.ValueKind == JsonValueKind.String) builder.Define(member.Name, id.GetString());
                    else if (id.ValueKind == JsonValueKind.Null) builder.Define(member.Name, null);
                    else throw Bad("must be a string IRI", path + ".@id");
                    break;
                default:
                    throw Bad("a term definition is an IRI string or an object with @id", path);
            }
            defined++;
        }
        return defined;
    }

    private static IEnumerable<string> SplitLinks(string header)
    {
        var start = 0;
        var inUrl = false;
        var inQuotes = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '<' && !inQuotes) inUrl = true;
            else if (c == '>' && !inQuotes) inUrl = false;
            else if (c == '"' && !inUrl) inQuotes = !inQuotes;
            else if (c == ',' && !inUrl && !inQuotes)
            {
                if (i > start) yield return header[start..i];
                start = i + 1;
            }
        }
        if (start < header.Length && header[start..].Trim().Length > 0) yield return header[start..];
    }

    private static bool TryParseLink(string entry, out string url, out string? rel)
    {
        url = "";
        rel = null;
        var text = entry.Trim();
        var close = text.IndexOf('>');
        if (!text.StartsWith('<') || close < 1) return false;
        url = text[1..close].Trim();
        foreach (var parameter in text[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = parameter.IndexOf('=');
            if (eq <= 0) continue;
            if (parameter[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) rel = parameter[(eq + 1)..].Trim().Trim('"');
        }
        return url.Length > 0;
    }

    private static NgsiProblemException Bad(string reason, string field) =>
        new(NgsiProblem.BadRequestData($"{field} {reason}", field));
}
