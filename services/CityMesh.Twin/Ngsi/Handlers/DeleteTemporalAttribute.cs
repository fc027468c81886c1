using System.ComponentModel;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>DELETE /temporal/entities/{id}/attrs/{attrId}</c>: removes the attribute, every instance of it and its history;
/// 204, or 404 ResourceNotFound. History is kept per attribute, so a datasetId cannot pick instances out (422).
/// </summary>
public static class DeleteTemporalAttribute
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, string id, string attrId,
        [FromQuery(Name = "deleteAll"), Description("true or false: every instance goes either way (history is per attribute).")] string? deleteAll,
        [FromQuery(Name = "datasetId"), Description("Not supported: history is kept for an attribute's default instance only.")] string? datasetId,
        CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        if (deleteAll is not (null or "true" or "false")) throw new NgsiProblemException(NgsiProblem.BadRequestData($"deleteAll: '{deleteAll}' is not true or false", "deleteAll"));
        if (datasetId is not null)
            throw new NgsiProblemException(NgsiProblem.OperationNotSupported(
                "datasetId: history is kept per attribute (its default instance), so the attribute is deleted with all its instances; leave datasetId out", "datasetId"));
        var attribute = LdContextResolver.FromLinkHeader(http.Request.Headers.Link).ToStored(attrId);
        var (_, problem) = await TemporalAttributeRoute.WritableAsync(http, twin, entityId, attribute, ct);
        if (problem is not null) return new NgsiProblemResult(problem);
        return TemporalAttributeRoute.Answer(await twin.DeleteAttributeHistoryAsync(entityId, attribute, ct), entityId, attrId);
    }
}
