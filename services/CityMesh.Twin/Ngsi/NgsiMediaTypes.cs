using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CityMesh.Twin.Ngsi;

public enum NgsiMediaType
{
    /// <summary>application/json: the context travels in a Link header.</summary>
    Json,
    /// <summary>application/ld+json: the context travels in the body's @context member.</summary>
    JsonLd,
}

/// <summary>NGSI-LD's media type rules (clause 6.3.4 ff.): what a request body may be, and what a response is.</summary>
public static class NgsiMediaTypes
{
    public const string Json = "application/json";
    public const string JsonLd = "application/ld+json";

    /// <summary>The response type the Accept header prefers; application/json when it names none.</summary>
    /// <exception cref="NgsiProblemException">406 when it accepts neither JSON type.</exception>
    public static NgsiMediaType Negotiate(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString())) return NgsiMediaType.Json;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types)) throw NotAcceptable(accept.ToString());
        NgsiMediaType? best = null;
        (double Quality, int Specific) bestRank = (0, 0);
        foreach (var type in types)
        {
            var name = type.MediaType.Value?.ToLowerInvariant();
            NgsiMediaType? candidate = name switch
            {
                JsonLd => NgsiMediaType.JsonLd,
                Json or "application/*" or "*/*" => NgsiMediaType.Json,
                _ => null,
            };
            var rank = (Quality: type.Quality ?? 1, Specific: name is JsonLd or Json ? 1 : 0);
            if (candidate is null || rank.Quality <= 0) continue;
            // Higher quality wins, then an explicit type over a wildcard; on a full tie the first listed stays.
            if (best is null || rank.Quality > bestRank.Quality || (rank.Quality == bestRank.Quality && rank.Specific > bestRank.Specific))
            {
                best = candidate;
                bestRank = rank;
            }
        }
        return best ?? throw NotAcceptable(accept.ToString());
    }

    /// <summary>The request body's media type.</summary>
    /// <exception cref="NgsiProblemException">
    /// 415 for anything but application/json and application/ld+json, and for a charset other than UTF-8: JSON
    /// exchanged between systems is UTF-8 (RFC 8259, clause 8.1), and reading the bytes as UTF-8 regardless would turn
    /// every non-ASCII character of an ISO-8859-1 body into invalid text.
    /// </exception>
    public static NgsiMediaType OfBody(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            throw UnsupportedMediaType(contentType);
        var type = parsed.MediaType.Value?.ToLowerInvariant() switch
        {
            Json => NgsiMediaType.Json,
            JsonLd => NgsiMediaType.JsonLd,
            _ => throw UnsupportedMediaType(contentType),
        };
        var charset = parsed.Charset;
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            throw new NgsiProblemException(NgsiProblem.InvalidRequest(
                $"charset '{charset}' is not supported; NGSI-LD bodies are JSON in UTF-8: send charset=utf-8 or none",
                StatusCodes.Status415UnsupportedMediaType) with { Field = "Content-Type" });
        return type;
    }

    public static string ContentTypeOf(NgsiMediaType type) => type == NgsiMediaType.JsonLd ? JsonLd : Json;

    /// <summary>A Link header naming a JSON-LD context.</summary>
    public static string ContextLink(string url) => $"<{url}>; rel=\"{LdContextResolver.ContextRel}\"; type=\"{JsonLd}\"";

    private static NgsiProblemException NotAcceptable(string accept) => new(NgsiProblem.InvalidRequest(
        $"cannot answer in '{accept}'; this API answers application/json or application/ld+json", StatusCodes.Status406NotAcceptable) with { Field = "Accept" });

    private static NgsiProblemException UnsupportedMediaType(string? contentType) => new(NgsiProblem.InvalidRequest(
        string.IsNullOrWhiteSpace(contentType)
            ? "the request has no Content-Type; send application/json or application/ld+json"
            : $"Content-Type '{contentType}' is not supported; send application/json or application/ld+json",
        StatusCodes.Status415UnsupportedMediaType) with { Field = "Content-Type" });
}
