using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>DELETE /entities/{id}</c>: 204, or 404 ResourceNotFound.</summary>
public static class DeleteEntity
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, string id, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Delete, existing.Type, [], exists: true) is { } refused) return new NgsiProblemResult(refused);
        return await twin.DeleteAsync(entityId, ct)
            ? TypedResults.NoContent()
            : new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
    }
}
