using System.ComponentModel;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Batch;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entityOperations/upsert</c>: creates or writes each entity (<c>options=replace</c>, the default, or
/// <c>update</c>). Invalid entities are reported and nothing of them is written; the valid ones are written.
/// 201 with the created ids when every entity was valid and some were new; 204 when every entity already existed;
/// 207 with <c>{"success": [ids], "errors": [{"entityId", "error": problem}]}</c> when any was invalid.
/// </summary>
public static class UpsertEntities
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, TwinTenants tenants, InputLimits limits,
        [FromQuery(Name = "options"), Description("replace (default): the entity becomes exactly what is sent; update: sent attributes are written, others kept.")]
        string? options,
        CancellationToken ct)
    {
        var twin = tenants.For(http);
        var mode = NgsiOptions.Parse(options, null, "update", "replace").Update ? UpsertMode.Update : UpsertMode.Replace;
        var (valid, outcome) = await BatchEntities.ReadAsync(http.Request, limits, ct);

        valid = await AllowedAsync(http, twin.Store, valid, mode, outcome, ct);
        var outcomes = valid.Count > 0 ? await twin.UpsertAsync(valid, mode, ct) : [];
        foreach (var entity in valid) outcome.Succeeded(entity.Id);
        if (outcome.HasErrors) return outcome.MultiStatus();
        var created = valid.Where((_, i) => outcomes[i] == WriteOutcome.Created).Select(e => e.Id).ToArray();
        return created.Length == 0 ? TypedResults.NoContent() : BatchOutcome.Created(created);
    }

    /// <summary>
    /// The entities the caller may write; the others go to <paramref name="outcome"/> with the reason. Only entities
    /// of types with governed attributes are looked up, to see what the write would change.
    /// </summary>
    private static async Task<List<Entity>> AllowedAsync(HttpContext http, ITwinStore store, List<Entity> entities, UpsertMode mode,
        BatchOutcome outcome, CancellationToken ct)
    {
        var existing = await ExistingEntities.FindAsync(store, entities.Where(e => TwinWriteRules.HasGoverned(e.Type)).Select(e => e.Id), ct);
        var allowed = new List<Entity>(entities.Count);
        foreach (var entity in entities)
        {
            var held = existing.GetValueOrDefault(entity.Id);
            var write = held is null ? TwinWrite.Create : mode == UpsertMode.Replace ? TwinWrite.Replace : TwinWrite.Update;
            var governed = GovernedChanges.Of(held, entity, mode == UpsertMode.Replace);
            if (NgsiAccess.WriteRefusal(http.User, write, entity.Type, governed, held is not null) is { } refused) outcome.Failed(entity.Id, refused);
            else allowed.Add(entity);
        }
        return allowed;
    }
}
