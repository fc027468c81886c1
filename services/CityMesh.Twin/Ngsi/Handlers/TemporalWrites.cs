using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// Writes a temporal representation through the twin (so it announces the change): the entity with each attribute's
/// newest instance, as an upsert that keeps what it does not name, then the older instances as observations, which
/// join the history without moving the current values. Two steps: a reader in between sees the newest instances
/// before the older ones.
/// </summary>
public static class TemporalWrites
{
    /// <param name="existing">The entity as held; null when the write creates it.</param>
    /// <returns>A refusal, or null when written.</returns>
    public static async Task<NgsiProblem?> ApplyAsync(HttpContext http, TwinService twin, TemporalWrite write, Entity? existing, CancellationToken ct)
    {
        var entity = write.Current;
        if (existing is not null)
        {
            // Adding instances neither retypes the entity nor drops what it does not name.
            entity = entity with { Type = existing.Type, OtherTypes = existing.OtherTypes, AppearanceRef = entity.AppearanceRef ?? existing.AppearanceRef };
        }
        var refused = existing is null
            ? NgsiAccess.WriteRefusal(http.User, TwinWrite.Create, entity.Type, [], exists: false)
            : NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, entity.Type, GovernedChanges.Of(existing, entity, replace: false), exists: true);
        if (refused is not null) return refused;
        await twin.UpsertAsync([entity], UpsertMode.Update, ct);
        if (write.Older.Count > 0) await twin.ApplyAsync(write.Older, ct);
        return null;
    }
}
