using System.Buffers;
using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// A request body read under a size cap and parsed as JSON, with the context rule of its media type: application/json
/// takes its context from the Link header and must not carry @context; application/ld+json carries @context in
/// each entity and must not send a context Link.
/// </summary>
public sealed class NgsiRequestBody : IDisposable
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private readonly LdContext? _linkContext;

    private NgsiRequestBody(JsonDocument document, NgsiMediaType mediaType, LdContext? linkContext)
    {
        Document = document;
        MediaType = mediaType;
        _linkContext = linkContext;
    }

    public JsonDocument Document { get; }
    public NgsiMediaType MediaType { get; }
    public JsonElement Root => Document.RootElement;

    public static async Task<NgsiRequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var mediaType = NgsiMediaTypes.OfBody(request);
        LdContext? linkContext = null;
        if (mediaType == NgsiMediaType.Json) linkContext = LdContextResolver.FromLinkHeader(request.Headers.Link);
        else if (HasContextLink(request))
            throw new NgsiProblemException(NgsiProblem.BadRequestData(
                "an application/ld+json body carries its context in @context; do not also send a JSON-LD context Link header", "Link"));

        var bytes = await ReadCappedAsync(request, maxBytes, ct);
        if (bytes.Length == 0) throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body is empty"));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new NgsiProblemException(NgsiProblem.InvalidRequest($"the request body is not valid JSON: {e.Message}"));
        }
        try
        {
            JsonText.RejectLoneSurrogates(bytes.Span, document.RootElement);
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return new NgsiRequestBody(document, mediaType, linkContext);
    }

    /// <summary>The context that names the members of <paramref name="item"/> (the body, or one entity of a batch).</summary>
    /// <param name="path">The item's JSON path, for error fields ("" for the body itself, "[3]" in a batch).</param>
    public LdContext ContextOf(JsonElement item, string path = "")
    {
        // Not an object: no context to find; the codec reports the shape.
        if (item.ValueKind != JsonValueKind.Object) return _linkContext ?? LdContext.CityMesh;
        var field = path.Length == 0 ? "@context" : $"{path}.@context";
        var hasContext = item.TryGetProperty("@context", out _);
        if (MediaType == NgsiMediaType.Json)
        {
            if (hasContext)
                throw new NgsiProblemException(NgsiProblem.BadRequestData(
                    "an application/json body must not carry @context; send it as application/ld+json, or name the context in a Link header", field));
            return _linkContext!;
        }
        if (!hasContext)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("an application/ld+json body must carry @context", field));
        return LdContextResolver.FromBody(item.GetProperty("@context"), field);
    }

    private static bool HasContextLink(HttpRequest request) =>
        request.Headers.Link.Any(v => v is not null && v.Contains(LdContextResolver.ContextRel, StringComparison.Ordinal));

    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        // Not disposed: the parsed document keeps using its buffer, and a MemoryStream holds nothing unmanaged.
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static NgsiProblemException TooLarge(int maxBytes) => new(NgsiProblem.InvalidRequest(
        $"the request body is larger than {maxBytes / (1 << 20)} MiB; split it into smaller requests", StatusCodes.Status413PayloadTooLarge));

    public void Dispose() => Document.Dispose();
}
