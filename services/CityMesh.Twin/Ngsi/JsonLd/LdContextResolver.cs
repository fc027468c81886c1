using System.Text.Json;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.Extensions.Primitives;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Turns a request's context (a JSON-LD Link header, or the @context member of an application/ld+json body) into an
/// <see cref="LdContext"/>. A request with no context is read with the ETSI core context. URLs are resolved through
/// <see cref="ContextSource"/>: the core and CityMesh contexts are built in, hosted ones are the twin's own, others
/// are fetched (and cached); a fetched document may itself name contexts, resolved in turn up to
/// <see cref="JsonLdOptions.MaxDepth"/>. Errors in the client's own @context are 400 naming the field; a context that
/// cannot be had, or whose document is not usable, is 503 LdContextNotAvailable naming the URL.
/// </summary>
public static class LdContextResolver
{
    public const string ContextRel = "http://www.w3.org/ns/json-ld#context";
    private const int MaxSources = 16;
    private const int MaxTerms = 1024;

    /// <summary>Resolved contexts are reused for the same text up to this size; larger inline contexts are resolved each time.</summary>
    private const int MaxKeyLength = 8 * 1024;

    /// <summary>The context a Link header names; the core context when there is none.</summary>
    public static async Task<LdContext> FromLinkHeaderAsync(StringValues link, ContextSource source, CancellationToken ct)
    {
        var url = LinkedContextUrl(link);
        if (url is null) return LdContext.Core;
        if (CityMeshContext.IsContextUrl(url)) return LdContext.CityMesh;
        if (source.TryGetResolved("<" + url, out var known)) return known;
        var version = source.Version;
        var assembly = new Assembly(source, ct);
        await assembly.AddUrlAsync(url, "Link", depth: 0);
        var context = assembly.Build(url);
        source.KeepResolved("<" + url, context, assembly.Used, version);
        return context;
    }

    /// <summary>The URL a Link header names as the JSON-LD context; null when it names none.</summary>
    /// <exception cref="NgsiProblemException">BadRequestData: a malformed header, or one naming several contexts.</exception>
    public static string? LinkedContextUrl(StringValues link)
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
        return url;
    }

    /// <summary>The context a body's @context member gives.</summary>
    public static async Task<LdContext> FromBodyAsync(JsonElement context, ContextSource source, CancellationToken ct, string field = "@context")
    {
        var key = context.ValueKind is JsonValueKind.String or JsonValueKind.Array or JsonValueKind.Object ? context.GetRawText() : null;
        if (key is { Length: <= MaxKeyLength } && source.TryGetResolved(key, out var known)) return known;
        var version = source.Version;
        var sources = context.ValueKind == JsonValueKind.Array ? [.. context.EnumerateArray()] : new[] { context };
        if (sources.Length == 0) throw Bad("must name at least one context", field);
        if (sources.Length > MaxSources) throw Bad($"may list at most {MaxSources} contexts", field);
        var assembly = new Assembly(source, ct);
        for (var i = 0; i < sources.Length; i++)
        {
            var path = context.ValueKind == JsonValueKind.Array ? $"{field}[{i}]" : field;
            await assembly.AddSourceAsync(sources[i], path, depth: 0);
        }
        var result = assembly.Build(sources is [{ ValueKind: JsonValueKind.String } single] ? single.GetString() : null);
        if (key is { Length: <= MaxKeyLength }) source.KeepResolved(key, result, assembly.Used, version);
        return result;
    }

    /// <summary>Collects the definitions of one request's context, depth first, in order (later ones win).</summary>
    private sealed class Assembly(ContextSource source, CancellationToken ct)
    {
        private readonly LdContextBuilder _builder = new();
        private readonly List<ContextEntry> _used = [];
        private readonly Stack<string> _path = new();
        private bool _cityMesh;
        private bool _otherTerms;

        public IReadOnlyList<ContextEntry> Used => _used;

        /// <summary>The CityMesh context itself when only it (and the core) was named, so names need no translation.</summary>
        public LdContext Build(string? url) =>
            _cityMesh && !_otherTerms ? LdContext.CityMesh : _builder.Build(url, isCityMesh: false);

        /// <param name="depth">0 for the client's own @context; more inside documents it names.</param>
        public async Task AddSourceAsync(JsonElement source, string field, int depth)
        {
            switch (source.ValueKind)
            {
                case JsonValueKind.String:
                    await AddUrlAsync(source.GetString()!, field, depth);
                    break;
                case JsonValueKind.Object:
                    _otherTerms |= AddInline(_builder, source, field) > 0;
                    break;
                default:
                    throw Bad("must be a context URL or an inline context object", field);
            }
        }

        public async Task AddUrlAsync(string url, string field, int depth)
        {
            if (CityMeshContext.IsContextUrl(url))
            {
                _builder.AddCityMesh();
                _cityMesh = true;
                return;
            }
            if (CityMeshContext.IsCoreContextUrl(url)) return; // the core's terms are NGSI-LD's keywords, handled structurally
            if (!Uri.TryCreate(url, UriKind.Absolute, out _)) throw Bad($"'{url}' is not an absolute context URL", field);
            if (_path.Contains(url)) throw Unavailable(url, $"it names itself through {string.Join(" -> ", _path.Reverse())}", field);
            if (depth >= source.Options.MaxDepth)
                throw Unavailable(url, $"contexts nest more than {source.Options.MaxDepth} deep ({JsonLdOptions.Section}:MaxDepth)", field);
            var entry = await EntryAsync(url, field);
            source.Used(entry);
            _used.Add(entry);
            if (source.IsCityMesh(entry))
            {
                _builder.AddCityMesh();
                _cityMesh = true;
                return;
            }
            _path.Push(url);
            try
            {
                var document = entry.Context;
                var items = document.ValueKind == JsonValueKind.Array ? [.. document.EnumerateArray()] : new[] { document };
                for (var i = 0; i < items.Length; i++) await AddSourceAsync(items[i], field, depth + 1);
            }
            catch (NgsiProblemException e) when (e.Problem.Status < 500)
            {
                // The client named it; what is wrong is inside the document, which the client cannot fix by resending.
                throw Unavailable(url, $"its document is not usable: {e.Problem.Detail}", field);
            }
            finally
            {
                _path.Pop();
            }
        }

        private async Task<ContextEntry> EntryAsync(string url, string field)
        {
            if (ContextSource.HostedIdOf(url) is { } localId && await source.FindHostedAsync(localId, ct) is { } hosted) return hosted;
            try
            {
                return await source.GetRemoteAsync(url, ct);
            }
            catch (ContextUnavailableException e)
            {
                throw Unavailable(url, e.Reason, field);
            }
        }
    }

    private static NgsiProblemException Unavailable(string url, string reason, string field) =>
        new(NgsiProblem.LdContextNotAvailable($"the context '{url}' is not available: {reason}", field));

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
