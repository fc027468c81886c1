using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>PATCH /entities/{id}/attrs</c>: updates attributes the entity has. 204 when all were updated; 207 with
/// <c>{"updated": [...], "notUpdated": [{"attributeName", "reason"}]}</c> otherwise; 404 when there is no entity.
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
        NotUpdatedAttribute[] notUpdated = [.. result.NotUpdated, .. fragment.Refused];
        if (notUpdated.Length == 0) return TypedResults.NoContent();
        return new NgsiJsonResult(StatusCodes.Status207MultiStatus, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("updated");
            foreach (var name in result.Updated) w.WriteStringValue(context.FromStored(name));
            w.WriteEndArray();
            w.WriteStartArray("notUpdated");
            foreach (var item in notUpdated)
            {
                w.WriteStartObject();
                w.WriteString("attributeName", context.FromStored(item.Attribute));
                w.WriteString("reason", item.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
