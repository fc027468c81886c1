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
/// <c>PUT /entities/{id}</c>: the entity becomes exactly the body (attributes it leaves out are removed; its
/// creation time stays). The body's id, when given, must be the path's. 204; 404 when there is no entity.
/// </summary>
public static class ReplaceEntity
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        if (body.Root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body must be a JSON object: one entity"));
        var root = body.Root;
        JsonDocument? withId = null;
        if (!root.TryGetProperty("id", out var bodyId))
        {
            var node = JsonNode.Parse(root.GetRawText())!.AsObject();
            node["id"] = entityId;
            withId = JsonDocument.Parse(node.ToJsonString());
            root = withId.RootElement;
        }
        else if (bodyId.ValueKind != JsonValueKind.String || bodyId.GetString() != entityId)
        {
            throw new NgsiProblemException(NgsiProblem.BadRequestData("must be the id in the path, or left out", "id"));
        }
        using (withId)
        {
            var entity = NgsiLdCodec.ReadEntity(root, body.ContextOf(body.Root));
            var existing = await twin.Store.GetAsync(entityId, ct);
            if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
            var governed = GovernedChanges.Of(existing, entity, replace: true);
            if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, entity.Type, governed, exists: true) is { } refused)
                return new NgsiProblemResult(refused);
            await twin.UpsertAsync([entity], UpsertMode.Replace, ct);
            return TypedResults.NoContent();
        }
    }
}
