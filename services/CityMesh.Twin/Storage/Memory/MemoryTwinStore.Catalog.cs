namespace CityMesh.Twin.Storage.Memory;

public sealed partial class MemoryTwinStore
{
    /// <summary>One pass over the entities, each read under its own lock.</summary>
    public Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default)
    {
        var entities = new Dictionary<string, long>(StringComparer.Ordinal);
        var attributes = new Dictionary<(string Type, string Name, AttributeKind Kind), long>();
        var held = new HashSet<(string Name, AttributeKind Kind)>();
        foreach (var record in _entities.Values)
        {
            lock (record)
            {
                if (record.Deleted || (type is not null && !record.IsOfType(type))) continue;
                // An attribute counts once per entity, however many datasetId instances it has.
                held.Clear();
                if (record.Location is not null) held.Add(("location", AttributeKind.GeoProperty));
                foreach (var slot in record.Attributes)
                    held.Add((slot.Name, slot.IsRelationship ? AttributeKind.Relationship : AttributeKinds.Of(slot.Shape.Kind)));
                foreach (var entityType in (IEnumerable<string>)[record.Type, .. record.OtherTypes])
                {
                    if (type is not null && entityType != type) continue;
                    entities[entityType] = entities.GetValueOrDefault(entityType) + 1;
                    foreach (var (name, kind) in held) attributes[(entityType, name, kind)] = attributes.GetValueOrDefault((entityType, name, kind)) + 1;
                }
            }
        }
        var byType = attributes.ToLookup(a => a.Key.Type, a => new AttributeSummary(a.Key.Name, a.Key.Kind, a.Value), StringComparer.Ordinal);
        IReadOnlyList<TypeSummary> summaries = [.. entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new TypeSummary(e.Key, e.Value,
            [.. byType[e.Key].OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Kind)]))];
        return Task.FromResult(summaries);
    }
}
