using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>DELETE /temporal/entities/{id}/attrs/{attrId}/{instanceId}</c>: removes one history instance (the newest remaining
/// becomes current if it was the current one; the attribute goes with its last instance). 204, or 404 ResourceNotFound.
/// </summary>
public static class DeleteTemporalInstance
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, string id, string attrId, string instanceId, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        var observedAt = TemporalInstanceRoute.ObservedAt(instanceId);
        var attribute = LinkContextFilter.Of(http).ToStored(attrId);
        var (_, problem) = await TemporalAttributeRoute.WritableAsync(http, twin, entityId, attribute, ct);
        if (problem is not null) return new Problems.NgsiProblemResult(problem);
        return TemporalAttributeRoute.Answer(await twin.DeleteInstanceAsync(entityId, attribute, observedAt, ct), entityId, attrId, instanceId);
    }
}
