using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>POST /entities</c>: 201 with Location, or 409 AlreadyExists.</summary>
public static class CreateEntity
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, CancellationToken ct)
    {
        var twin = tenants.For(http);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var entity = NgsiLdCodec.ReadEntity(body.Root, body.ContextOf(body.Root));
        if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Create, entity.Type, [], exists: false) is { } refused) return new NgsiProblemResult(refused);
        if (await twin.CreateAsync(entity, ct) == WriteOutcome.AlreadyExists) return new NgsiProblemResult(NgsiProblem.AlreadyExists(entity.Id));
        return TypedResults.Created(EntityRoute.PathOf(http.Request, entity.Id));
    }
}
