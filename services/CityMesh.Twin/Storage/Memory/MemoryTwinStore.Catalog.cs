namespace CityMesh.Twin.Storage.Memory;

public sealed partial class MemoryTwinStore
{
    /// <summary>One pass over the entities (of the type, when given), each read under its own lock.</summary>
    public Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default)
    {
        var entities = new Dictionary<string, long>(StringComparer.Ordinal);
        var attributes = new Dictionary<(string Type, string Name, AttributeKind Kind), long>();
        foreach (var record in _entities.Values)
        {
            lock (record)
            {
                if (record.Deleted || (type is not null && record.Type != type)) continue;
                entities[record.Type] = entities.GetValueOrDefault(record.Type) + 1;
                if (record.Location is not null) Count(attributes, (record.Type, "location", AttributeKind.GeoProperty));
                foreach (var slot in record.Attributes)
                    Count(attributes, (record.Type, slot.Name, slot.IsRelationship ? AttributeKind.Relationship : AttributeKind.Property));
            }
        }
        var byType = attributes.GroupBy(a => a.Key.Type).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        IReadOnlyList<TypeSummary> summaries = [.. entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new TypeSummary(e.Key, e.Value,
            [.. byType.GetValueOrDefault(e.Key, []).Select(a => new AttributeSummary(a.Key.Name, a.Key.Kind, a.Value))
                .OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Kind)]))];
        return Task.FromResult(summaries);
    }

    private static void Count<TKey>(Dictionary<TKey, long> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
