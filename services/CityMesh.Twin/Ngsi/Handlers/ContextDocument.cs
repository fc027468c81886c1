using CityMesh.Twin.Ngsi.JsonLd;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>GET /context.jsonld</c>: the CityMesh @context document.</summary>
public static class ContextDocument
{
    public static IResult Handle(HttpContext http)
    {
        // The document changes only with a release; let clients and proxies keep it for a day.
        http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=86400";
        return TypedResults.Bytes(CityMeshContext.Document, NgsiMediaTypes.JsonLd);
    }
}
