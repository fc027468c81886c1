using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>PATCH /entities/{id}/attrs/{attrId}</c>: changes some members of one attribute instance (the one with the
/// body's datasetId, or the default one) and keeps the others: <c>{"value": 56}</c> changes only the value, a
/// sub-attribute in the body is added or replaced. 204; 404 when the entity, attribute or instance is missing.
/// </summary>
public static class PartialAttributeUpdate
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, string attrId, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        if (body.Root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body must be a JSON object: an attribute fragment"));
        var context = body.ContextOf(body.Root);
        var name = context.ToStored(attrId);
        string? datasetId = null;
        if (body.Root.TryGetProperty("datasetId", out var d))
        {
            datasetId = d.ValueKind == JsonValueKind.String ? d.GetString()
                : throw new NgsiProblemException(NgsiProblem.BadRequestData("must be a URI", "datasetId"));
        }

        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var held = AttributeInstance.Of(existing).FirstOrDefault(i => i.Name == name && i.DatasetId == datasetId);
        if (held.Name is null)
        {
            return new NgsiProblemResult(NgsiProblem.ResourceNotFound(datasetId is null
                ? $"entity '{entityId}' has no attribute '{attrId}'"
                : $"entity '{entityId}' has no instance of '{attrId}' with datasetId '{datasetId}'"));
        }

        // The held instance in the client's names, with the body's members over it, read as any fragment is.
        var rep = new NgsiRepresentation { Context = context };
        var written = JsonNode.Parse(NgsiLdCodec.WriteInstances([held], rep))!.AsArray();
        var merged = written[0]!.AsObject();
        written.RemoveAt(0);
        foreach (var member in body.Root.EnumerateObject())
        {
            if (member.Name is "@context") continue;
            merged[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }
        using var fragmentDocument = JsonDocument.Parse(new JsonObject { [attrId] = merged }.ToJsonString());
        var fragment = NgsiLdCodec.ReadFragment(fragmentDocument.RootElement, context);
        var governed = GovernedChanges.Of(existing, fragment.Patch);
        if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, existing.Type, governed, exists: true) is { } refused)
            return new NgsiProblemResult(refused);
        var result = await twin.UpdateAttributesAsync(entityId, fragment.Patch, ct);
        if (!result.EntityFound) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        return AttributeOutcome.Of(result, fragment.Refused, context);
    }
}
