using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Batch;

/// <summary>The entities of a batch that exist now, looked up a query page at a time (a batch may name 10,000).</summary>
public static class ExistingEntities
{
    public static async Task<Dictionary<string, Entity>> FindAsync(ITwinStore store, IEnumerable<string> ids, CancellationToken ct)
    {
        var existing = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var page in ids.Distinct(StringComparer.Ordinal).Chunk(EntityQuery.MaxLimit))
        {
            var found = await store.QueryAsync(new EntityQuery { Ids = page, Limit = EntityQuery.MaxLimit }, ct);
            foreach (var entity in found.Items) existing[entity.Id] = entity;
        }
        return existing;
    }
}
