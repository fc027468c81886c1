using System.ComponentModel;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
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
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.BatchBodyBytes, limits, ct);
        var root = body.Root;
        if (root.ValueKind != JsonValueKind.Array)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("a batch must be a JSON array of entities", "(body)"));
        var length = root.GetArrayLength();
        if (length == 0 || length > limits.BatchEntities)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"a batch holds 1 to {limits.BatchEntities} entities, not {length}", "(body)"));

        var valid = new List<Entity>(length);
        var errors = new List<(string? Id, NgsiProblem Problem)>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var path = $"[{index++}]";
            try
            {
                body.RejectBadText(item, path);
                valid.Add(NgsiLdCodec.ReadEntity(item, body.ContextOf(item, path), path));
            }
            catch (NgsiProblemException e)
            {
                errors.Add((IdOf(item), e.Problem));
            }
        }

        valid = await AllowedAsync(http, twin.Store, valid, mode, errors, ct);
        var outcomes = valid.Count > 0 ? await twin.UpsertAsync(valid, mode, ct) : [];
        if (errors.Count == 0)
        {
            var created = valid.Where((_, i) => outcomes[i] == WriteOutcome.Created).Select(e => e.Id).ToArray();
            if (created.Length == 0) return TypedResults.NoContent();
            return new NgsiJsonResult(StatusCodes.Status201Created, w =>
            {
                w.WriteStartArray();
                foreach (var id in created) w.WriteStringValue(id);
                w.WriteEndArray();
            });
        }
        return new NgsiJsonResult(StatusCodes.Status207MultiStatus, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("success");
            foreach (var entity in valid) w.WriteStringValue(entity.Id);
            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var (id, problem) in errors)
            {
                w.WriteStartObject();
                if (id is null) w.WriteNull("entityId");
                else w.WriteString("entityId", id);
                w.WritePropertyName("error");
                problem.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The entities the caller may write; the others go to <paramref name="errors"/> with the reason. Only entities
    /// of types with governed attributes are looked up, in pages, to see what the write would change.
    /// </summary>
    private static async Task<List<Entity>> AllowedAsync(HttpContext http, ITwinStore store, List<Entity> entities, UpsertMode mode,
        List<(string? Id, NgsiProblem Problem)> errors, CancellationToken ct)
    {
        var governedIds = entities.Where(e => TwinWriteRules.HasGoverned(e.Type)).Select(e => e.Id).Distinct(StringComparer.Ordinal).ToArray();
        var existing = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var page in governedIds.Chunk(Query.EntityQuery.MaxLimit))
        {
            var found = await store.QueryAsync(new Query.EntityQuery { Ids = page, Limit = Query.EntityQuery.MaxLimit }, ct);
            foreach (var entity in found.Items) existing[entity.Id] = entity;
        }
        var allowed = new List<Entity>(entities.Count);
        foreach (var entity in entities)
        {
            var held = existing.GetValueOrDefault(entity.Id);
            var write = held is null ? TwinWrite.Create : mode == UpsertMode.Replace ? TwinWrite.Replace : TwinWrite.Update;
            var governed = GovernedChanges.Of(held, entity, mode == UpsertMode.Replace);
            if (NgsiAccess.WriteRefusal(http.User, write, entity.Type, governed, held is not null) is { } refused) errors.Add((entity.Id, refused));
            else allowed.Add(entity);
        }
        return allowed;
    }

    /// <summary>The id an invalid entity was sent with, to name it in the errors; null when it had none, or none that is text.</summary>
    private static string? IdOf(JsonElement item) => JsonText.ReadableStringMember(item, "id"u8);
}
