using System.ComponentModel;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>
/// <c>GET /jsonldContexts/{contextId}</c> (a local id, or a cached context's URL): a hosted context's document, served
/// to anyone; with <c>details=true</c> its description, for callers with credentials. A cached context is served by
/// its origin, not here: 422 without details.
/// </summary>
public static class RetrieveContext
{
    public static async Task<IResult> HandleAsync(HttpContext http, ContextSource source, string contextId,
        [FromQuery(Name = "details"), Description("true: the context's description instead of its document.")] string? details,
        CancellationToken ct)
    {
        var detailed = EntityQueryReader.ReadBool(details, "details");
        if (detailed && ContextAccess.ReadRefusal(http.User) is { } refused) return new NgsiProblemResult(refused);
        contextId = Handlers.EntityRoute.Unescaped(contextId); // a cached context's URL
        var entry = await source.FindAsync(contextId, ct)
            ?? throw new NgsiProblemException(NgsiProblem.ResourceNotFound($"the twin holds no JSON-LD context '{contextId}'"));
        if (detailed)
            return new NgsiJsonResult(StatusCodes.Status200OK, w => ContextDescription.WriteDetails(w, entry, source, http.Request));
        if (entry.Kind == ContextKind.Cached)
            throw new NgsiProblemException(NgsiProblem.OperationNotSupported(
                $"'{contextId}' is a cached copy of {entry.Url}, served there; details=true describes it", "contextId"));
        source.Used(entry);
        return TypedResults.Text(entry.Document, NgsiMediaTypes.JsonLd, System.Text.Encoding.UTF8);
    }
}
