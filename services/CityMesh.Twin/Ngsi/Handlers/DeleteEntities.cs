using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Batch;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entityOperations/delete</c> (clause 6.17.3.1): the body is a JSON array of entity ids. 204 when every entity
/// was deleted; 207 BatchOperationResult when any id was not a URI, named no entity, or was refused.
/// </summary>
public static class DeleteEntities
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, CancellationToken ct)
    {
        var twin = tenants.For(http);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.BatchBodyBytes, limits, ct);
        BatchEntities.CheckArray(body.Root, limits, "entity ids");
        var outcome = new BatchOutcome();
        var ids = new List<string>();
        var index = 0;
        foreach (var item in body.Root.EnumerateArray())
        {
            var path = $"[{index++}]";
            var id = item.ValueKind == JsonValueKind.String ? JsonText.ReadableString(item) : null;
            if (id is null || !EntityIdSyntax.IsValid(id)) outcome.Failed(id, NgsiProblem.BadRequestData("an entity id must be a string holding an absolute URI", path));
            else ids.Add(id);
        }

        var existing = await ExistingEntities.FindAsync(twin.Store, ids, ct);
        var doomed = new List<Entity>(ids.Count);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!existing.TryGetValue(id, out var held)) outcome.Failed(id, NgsiProblem.ResourceNotFound($"no entity '{id}'"));
            else if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Delete, held.Type, [], exists: true) is { } refused) outcome.Failed(id, refused);
            else doomed.Add(held);
        }
        var deleted = doomed.Count > 0 ? await twin.DeleteEachAsync([.. doomed.Select(e => e.Id)], [.. doomed.Select(e => e.Type)], ct) : [];
        for (var i = 0; i < doomed.Count; i++)
        {
            // Gone between the lookup and the delete: another request deleted it first.
            if (deleted[i]) outcome.Succeeded(doomed[i].Id);
            else outcome.Failed(doomed[i].Id, NgsiProblem.ResourceNotFound($"no entity '{doomed[i].Id}'"));
        }
        return outcome.HasErrors ? outcome.MultiStatus() : TypedResults.NoContent();
    }
}
