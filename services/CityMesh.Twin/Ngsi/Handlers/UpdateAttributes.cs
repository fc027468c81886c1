using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>PATCH /entities/{id}/attrs</c>: updates attributes the entity has (the instance with the same datasetId).
/// 204 when all were updated; 207 (<see cref="AttributeOutcome"/>) otherwise; 404 when there is no entity.
/// </summary>
public static class UpdateAttributes
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var context = body.ContextOf(body.Root);
        var fragment = NgsiLdCodec.ReadFragment(body.Root, context);
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var governed = GovernedChanges.Of(existing, fragment.Patch);
        if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, existing.Type, governed, exists: true) is { } governedRefusal)
            return new NgsiProblemResult(governedRefusal);
        var result = await twin.UpdateAttributesAsync(entityId, fragment.Patch, ct);
        if (!result.EntityFound) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        return AttributeOutcome.Of(result, fragment.Refused, context);
    }
}
