using System.Buffers;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// A request body read under a size cap and parsed as JSON no deeper than <see cref="InputLimits.JsonDepth"/>, with the
/// context rule of its media type: application/json takes its context from the Link header and must not carry
/// @context; application/ld+json carries @context in each entity and must not send a context Link. Its text and member
/// names follow <see cref="JsonText"/>: a single body is checked whole when read; a batch (a JSON array) entity by
/// entity through <see cref="RejectBadText"/>, so one bad entity fails alone. The contexts are resolved while the body
/// is read (a fetch, perhaps): the Link header's by <see cref="LinkContextFilter"/>, each entity's @context here, so
/// <see cref="ContextOf"/> answers at once; a context that fails is reported when its entity asks for it.
/// </summary>
public sealed class NgsiRequestBody : IDisposable
{
    private readonly LdContext? _linkContext;

    /// <summary>The @context of the body ("") or of each entity of a batch ("[3]"): an LdContext, or the problem resolving it.</summary>
    private readonly Dictionary<string, object> _bodyContexts = new(StringComparer.Ordinal);

    /// <summary>What the byte scan and the strict parse found: which walks an entity needs.</summary>
    private readonly bool _mayHoldBadText;
    private readonly bool _hasDuplicates;

    private NgsiRequestBody(JsonDocument document, NgsiMediaType mediaType, LdContext? linkContext, bool mayHoldBadText, bool hasDuplicates)
    {
        Document = document;
        MediaType = mediaType;
        _linkContext = linkContext;
        _mayHoldBadText = mayHoldBadText;
        _hasDuplicates = hasDuplicates;
    }

    public JsonDocument Document { get; }
    public NgsiMediaType MediaType { get; }
    public JsonElement Root => Document.RootElement;

    /// <param name="maxBytes">The body's size limit: <see cref="InputLimits.EntityBodyBytes"/> or <see cref="InputLimits.BatchBodyBytes"/>.</param>
    public static async Task<NgsiRequestBody> ReadAsync(HttpRequest request, int maxBytes, InputLimits limits, CancellationToken ct)
    {
        var mediaType = NgsiMediaTypes.OfBody(request);
        LdContext? linkContext = null;
        if (mediaType == NgsiMediaType.Json) linkContext = LinkContextFilter.Of(request.HttpContext);
        else if (HasContextLink(request))
            throw new NgsiProblemException(NgsiProblem.BadRequestData(
                "an application/ld+json body carries its context in @context; do not also send a JSON-LD context Link header", "Link"));

        var bytes = await ReadCappedAsync(request, maxBytes, ct);
        if (bytes.Length == 0) throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body is empty"));
        var (document, hasDuplicates) = Parse(bytes, limits.JsonDepth);
        var body = new NgsiRequestBody(document, mediaType, linkContext, JsonText.MayHoldBadText(bytes.Span), hasDuplicates);
        try
        {
            if (body.Root.ValueKind != JsonValueKind.Array) body.RejectBadText(body.Root, "");
            if (mediaType == NgsiMediaType.JsonLd) await body.ResolveBodyContextsAsync(LinkContextFilter.SourceOf(request.HttpContext), ct);
        }
        catch
        {
            body.Dispose();
            throw;
        }
        return body;
    }

    /// <summary>
    /// Refuses bad text or a member name given twice in <paramref name="item"/> (the body, or one entity of a batch);
    /// a no-op for the common body in which the byte scan and the strict parse found nothing.
    /// </summary>
    /// <param name="path">The item's JSON path ("" for the body, "[3]" in a batch).</param>
    /// <exception cref="NgsiProblemException">BadRequestData naming the first offending field.</exception>
    public void RejectBadText(JsonElement item, string path)
    {
        if (_mayHoldBadText || _hasDuplicates) JsonText.Reject(item, path, _hasDuplicates);
    }

    /// <summary>
    /// Parses strictly, refusing member names given twice. The parser names no path for that, so such a body is parsed
    /// again leniently, and the walk finds and names the member (in the one entity of a batch that has it).
    /// </summary>
    private static (JsonDocument Document, bool HasDuplicates) Parse(ReadOnlyMemory<byte> bytes, int maxDepth)
    {
        try
        {
            return (JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false }), false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not only duplicates fail the strict parse (comparing names throws on a name that is not text); the lenient
            // parse tells the other failures apart, and the walk names the member.
        }
        try
        {
            return (JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = maxDepth }), true);
        }
        catch (JsonException e)
        {
            throw new NgsiProblemException(NgsiProblem.InvalidRequest($"the request body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>The context that names the members of <paramref name="item"/> (the body, or one entity of a batch).</summary>
    /// <param name="path">The item's JSON path, for error fields ("" for the body itself, "[3]" in a batch).</param>
    public LdContext ContextOf(JsonElement item, string path = "")
    {
        // Not an object: no context to find; the codec reports the shape.
        if (item.ValueKind != JsonValueKind.Object) return _linkContext ?? LdContext.Core;
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
        return _bodyContexts.TryGetValue(path, out var resolved)
            ? resolved as LdContext ?? throw new NgsiProblemException(((NgsiProblemException)resolved).Problem)
            : throw new InvalidOperationException($"the @context at '{path}' was not resolved while reading the body: only the body's and each batch entity's are");
    }

    /// <summary>Resolves the @context of the body, or of each entity of a batch, keeping failures for <see cref="ContextOf"/>.</summary>
    private async Task ResolveBodyContextsAsync(ContextSource source, CancellationToken ct)
    {
        if (Root.ValueKind == JsonValueKind.Object) await ResolveAsync(Root, "");
        else if (Root.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in Root.EnumerateArray()) await ResolveAsync(item, $"[{index++}]");
        }

        async Task ResolveAsync(JsonElement item, string path)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("@context", out var context)) return;
            try
            {
                _bodyContexts[path] = await LdContextResolver.FromBodyAsync(context, source, ct, path.Length == 0 ? "@context" : $"{path}.@context");
            }
            catch (NgsiProblemException e)
            {
                _bodyContexts[path] = e;
            }
        }
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
            while ((read = await ReadChunkAsync(request, chunk, ct)) > 0)
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

    /// <summary>
    /// Kestrel reports a malformed chunked encoding (a chunk size that overflows, say) as an IOException from the body
    /// stream, not as a bad request: it is the client's framing, so answer 400.
    /// </summary>
    private static async ValueTask<int> ReadChunkAsync(HttpRequest request, byte[] chunk, CancellationToken ct)
    {
        try
        {
            return await request.Body.ReadAsync(chunk, ct);
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            throw new NgsiProblemException(NgsiProblem.InvalidRequest($"the request body could not be read: {e.Message}"));
        }
    }

    private static NgsiProblemException TooLarge(int maxBytes) => new(NgsiProblem.InvalidRequest(
        $"the request body is larger than {Size(maxBytes)}; split it into smaller requests", StatusCodes.Status413PayloadTooLarge));

    private static string Size(int bytes) => bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    public void Dispose() => Document.Dispose();
}
