using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// How a response body is framed: its media type (from Accept) and the context its names are compacted with
/// (from the request's Link header, resolved by <see cref="LinkContextFilter"/>; the core context when it names none). application/ld+json embeds @context; application/json sends a Link header.
/// </summary>
public sealed record NgsiResponseShape(NgsiMediaType MediaType, LdContext Context, string ContextUrl)
{
    /// <exception cref="Problems.NgsiProblemException">406 for an unacceptable Accept.</exception>
    public static NgsiResponseShape Of(HttpRequest request)
    {
        var mediaType = NgsiMediaTypes.Negotiate(request);
        var context = LinkContextFilter.Of(request.HttpContext);
        return new(mediaType, context, context.Url ?? CityMeshContext.UrlFor(request));
    }

    public NgsiRepresentation Representation(NgsiOptions options, IReadOnlySet<string>? attrs = null) => new()
    {
        KeyValues = options.KeyValues,
        SysAttrs = options.SysAttrs,
        Attrs = attrs,
        Context = Context,
        EmbeddedContext = MediaType == NgsiMediaType.JsonLd ? ContextUrl : null,
    };

    public void Apply(HttpResponse response)
    {
        response.ContentType = NgsiMediaTypes.ContentTypeOf(MediaType);
        if (MediaType == NgsiMediaType.Json) response.Headers.Link = NgsiMediaTypes.ContextLink(ContextUrl);
    }
}
