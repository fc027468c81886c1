using System.ComponentModel;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>
/// <c>DELETE /jsonldContexts/{contextId}</c>: a hosted context is removed; a cached one is forgotten (fetched again when
/// next named), or with <c>reload=true</c> fetched again now. The built-in core and CityMesh contexts stay.
/// </summary>
public static class DeleteContext
{
    public static async Task<IResult> HandleAsync(HttpContext http, ContextSource source, string contextId,
        [FromQuery(Name = "reload"), Description("true: fetch a cached context again instead of forgetting it.")] string? reload,
        CancellationToken ct)
    {
        if (ContextAccess.WriteRefusal(http.User) is { } refused) return new NgsiProblemResult(refused);
        var again = EntityQueryReader.ReadBool(reload, "reload");
        contextId = Handlers.EntityRoute.Unescaped(contextId); // a cached context's URL
        var entry = await source.FindAsync(contextId, ct)
            ?? throw new NgsiProblemException(NgsiProblem.ResourceNotFound($"the twin holds no JSON-LD context '{contextId}'"));
        if (entry.BuiltIn)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"'{contextId}' is built into the twin and cannot be deleted or reloaded", "contextId"));
        if (again && entry.Kind != ContextKind.Cached)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"'{contextId}' is {entry.Kind}, not a cached copy: there is nothing to reload", "reload"));
        if (!again)
        {
            await source.DeleteAsync(entry, ct);
            return TypedResults.NoContent();
        }
        try
        {
            await source.ReloadAsync(entry, ct);
        }
        catch (ContextUnavailableException e)
        {
            throw new NgsiProblemException(NgsiProblem.LdContextNotAvailable($"the context '{e.Url}' could not be reloaded: {e.Reason}; the old copy stays", "reload"));
        }
        return TypedResults.NoContent();
    }
}
