using System.ComponentModel;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Batch;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entityOperations/update</c> (clause 6.15.3.1): appends the attributes of each entity to the entity held,
/// keeping the others; with <c>options=noOverwrite</c> an attribute the entity already has keeps its value. 204 when
/// every entity was updated; 207 BatchOperationResult when any was invalid, refused or does not exist.
/// </summary>
public static class UpdateEntities
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, TwinTenants tenants, InputLimits limits,
        [FromQuery(Name = "options"), Description("noOverwrite: attributes the entity already has keep their values; only new ones are added.")]
        string? options,
        CancellationToken ct)
    {
        var twin = tenants.For(http);
        var noOverwrite = ReadOptions(options);
        var (valid, outcome) = await BatchEntities.ReadAsync(http.Request, limits, ct);
        var existing = await ExistingEntities.FindAsync(twin.Store, valid.Select(e => e.Id), ct);
        var writes = new List<Entity>(valid.Count);
        foreach (var sent in valid)
        {
            if (!existing.TryGetValue(sent.Id, out var held))
            {
                outcome.Failed(sent.Id, NgsiProblem.ResourceNotFound($"no entity '{sent.Id}'"));
                continue;
            }
            var entity = noOverwrite ? WithoutHeld(sent, held) : sent;
            var governed = GovernedChanges.Of(held, entity, replace: false);
            if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, held.Type, governed, exists: true) is { } refused) outcome.Failed(sent.Id, refused);
            else writes.Add(entity);
        }
        // An entity deleted after the lookup would be created again by the write; the window is one round trip, and an
        // update that races a delete has no order to keep anyway.
        if (writes.Count > 0) await twin.UpsertAsync(writes, UpsertMode.Update, ct);
        foreach (var entity in writes) outcome.Succeeded(entity.Id);
        return outcome.HasErrors ? outcome.MultiStatus() : TypedResults.NoContent();
    }

    private static bool ReadOptions(string? options)
    {
        var noOverwrite = false;
        foreach (var flag in (options ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (flag != "noOverwrite")
                throw new NgsiProblemException(NgsiProblem.BadRequestData($"option '{flag}' is not supported here; use noOverwrite", "options"));
            noOverwrite = true;
        }
        return noOverwrite;
    }

    /// <summary>The sent entity less the attributes <paramref name="held"/> has (in any instance), and its location if it has one.</summary>
    private static Entity WithoutHeld(Entity sent, Entity held)
    {
        var names = held.AttributeNames.ToHashSet(StringComparer.Ordinal);
        return sent with
        {
            Location = held.Location ?? sent.Location,
            AppearanceRef = held.AppearanceRef ?? sent.AppearanceRef,
            Properties = sent.Properties.Where(p => !names.Contains(p.Key)).ToDictionary(StringComparer.Ordinal),
            Relationships = sent.Relationships.Where(r => !names.Contains(r.Key)).ToDictionary(StringComparer.Ordinal),
            PropertyDatasets = sent.PropertyDatasets.Where(p => !names.Contains(p.Key)).ToDictionary(StringComparer.Ordinal),
            RelationshipDatasets = sent.RelationshipDatasets.Where(r => !names.Contains(r.Key)).ToDictionary(StringComparer.Ordinal),
        };
    }
}
