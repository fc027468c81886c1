using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /temporal/entities/{id}/attrs</c>: adds attribute instances (a fragment of a temporal representation) to an
/// entity; 204, or 404 ResourceNotFound when there is no entity.
/// </summary>
public static class AppendTemporalAttributes
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var write = NgsiLdCodec.ReadTemporal(body.Root, body.ContextOf(body.Root), fragmentOf: entityId);
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        if (await TemporalWrites.ApplyAsync(http, twin, write, existing, ct) is { } refused) return new NgsiProblemResult(refused);
        return TypedResults.NoContent();
    }
}
