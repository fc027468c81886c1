using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>DELETE /entities/{id}/attrs/{attrId}</c>: deletes the attribute's default instance, the one with
/// <c>datasetId</c>, or with <c>deleteAll=true</c> every instance. 204; 404 when the entity or the instance is missing.
/// </summary>
public static class DeleteAttribute
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, string id, string attrId, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        var context = NgsiResponseShape.Of(http.Request).Context;
        var name = context.ToStored(attrId);
        var query = http.Request.Query;
        var datasetId = query["datasetId"].ToString() is { Length: > 0 } d ? d : null;
        if (datasetId is not null && !EntityIdSyntax.IsValid(datasetId))
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"'{datasetId}' is not a URI", "datasetId"));
        var deleteAll = query["deleteAll"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => throw new NgsiProblemException(NgsiProblem.BadRequestData($"'{other}' is not true or false", "deleteAll")),
        };
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var governed = TwinWriteRules.GovernedOf(existing.Type).Contains(name) ? new[] { name } : [];
        if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, existing.Type, governed, exists: true) is { } refused)
            return new NgsiProblemResult(refused);
        return await twin.DeleteAttributeAsync(entityId, name, datasetId, deleteAll, ct) switch
        {
            AttributeDeletion.Deleted => TypedResults.NoContent(),
            AttributeDeletion.EntityNotFound => new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'")),
            _ => new NgsiProblemResult(NgsiProblem.ResourceNotFound(datasetId is null
                ? $"entity '{entityId}' has no attribute '{attrId}'{(deleteAll ? "" : " without a datasetId")}"
                : $"entity '{entityId}' has no instance of '{attrId}' with datasetId '{datasetId}'")),
        };
    }
}
