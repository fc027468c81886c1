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
/// <c>POST /entityOperations/update</c> (clause 6.15.3.1): appends the attributes of each entity to the entity held, as
/// <c>POST /entities/{id}/attrs</c> does (<see cref="AppendAttributes"/>), keeping the others; with
/// <c>options=noOverwrite</c> an attribute instance the entity already has keeps its value. 204 when every entity was
/// updated; 207 BatchOperationResult when any was invalid, refused or does not exist.
/// </summary>
public static class UpdateEntities
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, TwinTenants tenants, InputLimits limits,
        [FromQuery(Name = "options"), Description("noOverwrite: attribute instances the entity already has keep their values; only new ones are added.")]
        string? options,
        CancellationToken ct)
    {
        var twin = tenants.For(http);
        var overwrite = !AppendAttributes.NoOverwrite(options);
        var (valid, outcome) = await BatchEntities.ReadAsync(http.Request, limits, ct);
        // Looked up together for the access checks (the type, and what governed attributes would change).
        var existing = await ExistingEntities.FindAsync(twin.Store, valid.Select(e => e.Id), ct);
        foreach (var sent in valid)
        {
            if (!existing.TryGetValue(sent.Id, out var held))
            {
                outcome.Failed(sent.Id, NotFound(sent.Id));
                continue;
            }
            var patch = PatchOf(sent);
            var governed = GovernedChanges.Of(held, patch);
            // A service writing only what it computes (safety's hydraulics) may, as in POST /entities/{id}/attrs.
            if (!NgsiAccess.IsComputedWrite(http.User, held.Type, patch)
                && NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, held.Type, governed, exists: true) is { } refused)
            {
                outcome.Failed(sent.Id, refused);
                continue;
            }
            // The store appends atomically and says when the entity is gone (deleted since the lookup).
            var result = await twin.AppendAttributesAsync(sent.Id, patch, overwrite, ct);
            if (result.EntityFound) outcome.Succeeded(sent.Id);
            else outcome.Failed(sent.Id, NotFound(sent.Id));
        }
        return outcome.HasErrors ? outcome.MultiStatus() : TypedResults.NoContent();
    }

    private static NgsiProblem NotFound(string id) => NgsiProblem.ResourceNotFound($"no entity '{id}'");

    /// <summary>The attributes of a sent entity as an append: its id and types name the entity, they do not change it.</summary>
    private static AttributePatch PatchOf(Entity sent) => new()
    {
        Properties = sent.Properties,
        Relationships = sent.Relationships,
        PropertyDatasets = sent.PropertyDatasets,
        RelationshipDatasets = sent.RelationshipDatasets,
        Location = sent.Location,
    };
}
