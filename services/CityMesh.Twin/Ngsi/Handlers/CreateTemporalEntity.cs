using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /temporal/entities</c>: creates the entity from a temporal representation (201 with Location), or adds the
/// instances to the entity that exists (204).
/// </summary>
public static class CreateTemporalEntity
{
    public const string TemporalEntities = "/ngsi-ld/v1/temporal/entities";

    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, CancellationToken ct)
    {
        var twin = tenants.For(http);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var write = NgsiLdCodec.ReadTemporal(body.Root, body.ContextOf(body.Root));
        var existing = await twin.Store.GetAsync(write.Current.Id, ct);
        if (await TemporalWrites.ApplyAsync(http, twin, write, existing, ct) is { } refused) return new NgsiProblemResult(refused);
        return existing is null
            ? TypedResults.Created($"{http.Request.PathBase}{TemporalEntities}/{Uri.EscapeDataString(write.Current.Id)}")
            : TypedResults.NoContent();
    }
}
