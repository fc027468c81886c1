using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>PATCH /temporal/entities/{id}/attrs/{attrId}/{instanceId}</c>: replaces the value (and unitCode) of one history
/// instance. The body is a fragment naming the attribute once; its observedAt, if given, must be the instance's, which
/// names it. 204, or 404 ResourceNotFound.
/// </summary>
public static class ModifyTemporalInstance
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, string attrId, string instanceId,
        CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        var observedAt = TemporalInstanceRoute.ObservedAt(instanceId);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var context = body.ContextOf(body.Root);
        var attribute = context.ToStored(attrId);
        var write = NgsiLdCodec.ReadTemporal(body.Root, context, fragmentOf: entityId);
        if (write.Older.Count > 0 || write.Current.AttributeNames.Count() != 1 || !write.Current.Properties.TryGetValue(attribute, out var instance))
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"the body must be a fragment holding one Property instance of '{attrId}' (no datasetId)", attrId));
        if (instance.ObservedAt is { } at && at != observedAt)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"is {at.UtcDateTime:O}, but instance '{instanceId}' is at {observedAt.UtcDateTime:O}: observedAt names the instance and cannot change", $"{attrId}.observedAt"));
        var (_, problem) = await TemporalAttributeRoute.WritableAsync(http, twin, entityId, attribute, ct);
        if (problem is not null) return new NgsiProblemResult(problem);
        var outcome = await twin.ReplaceInstanceAsync(entityId, attribute, observedAt, instance.Value, instance.UnitCode, ct);
        return TemporalAttributeRoute.Answer(outcome, entityId, attrId, instanceId);
    }
}
