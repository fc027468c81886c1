using System.ComponentModel;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary><c>GET /jsonldContexts</c>: the URLs of the contexts the twin holds, or with <c>details=true</c> a description of each.</summary>
public static class ListContexts
{
    public static async Task<IResult> HandleAsync(HttpContext http, ContextSource source,
        [FromQuery(Name = "details"), Description("true: URL, localId, kind, createdAt, lastUsage and numberOfHits of each.")] string? details,
        [FromQuery(Name = "kind"), Description("Hosted, Cached or ImplicitlyCreated: only contexts of that kind.")] string? kind,
        CancellationToken ct)
    {
        if (ContextAccess.ReadRefusal(http.User) is { } refused) return new NgsiProblemResult(refused);
        var detailed = EntityQueryReader.ReadBool(details, "details");
        ContextKind? only = kind switch
        {
            null => null,
            nameof(ContextKind.Hosted) or nameof(ContextKind.Cached) or nameof(ContextKind.ImplicitlyCreated) => Enum.Parse<ContextKind>(kind),
            _ => throw new NgsiProblemException(NgsiProblem.BadRequestData($"kind: '{kind}' is not Hosted, Cached or ImplicitlyCreated", "kind")),
        };
        var entries = (await source.ListAsync(ct)).Where(e => only is null || e.Kind == only).ToArray();
        return new NgsiJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var entry in entries)
            {
                if (detailed) ContextDescription.WriteDetails(w, entry, source, http.Request);
                else w.WriteStringValue(ContextDescription.UrlOf(entry, source, http.Request));
            }
            w.WriteEndArray();
        });
    }
}
