using Npgsql;

namespace CityMesh.Twin.Storage.Postgres;

public sealed partial class PostgresTwinStore
{
    /// <summary>
    /// Counted by the database (GROUP BY over the type index and the attribute rows), so the answer crosses the wire as
    /// one row per type and attribute, however many entities there are.
    /// </summary>
    public Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        var entities = new List<(string Type, long Count, long Located)>();
        await using (var command = new NpgsqlCommand("""
            SELECT type, count(*), count(location) FROM entity WHERE $1::text IS NULL OR type = $1 GROUP BY type
            """, connection) { Parameters = { new() { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) entities.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        var attributes = new List<(string Type, AttributeSummary Attribute)>();
        await using (var command = new NpgsqlCommand("""
            SELECT e.type, a.name, a.is_relationship, count(*)
            FROM entity_attribute a JOIN entity e ON e.id = a.entity_id
            WHERE $1::text IS NULL OR e.type = $1
            GROUP BY e.type, a.name, a.is_relationship
            """, connection) { Parameters = { new() { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var kind = reader.GetBoolean(2) ? AttributeKind.Relationship : AttributeKind.Property;
                attributes.Add((reader.GetString(0), new AttributeSummary(reader.GetString(1), kind, reader.GetInt64(3))));
            }
        }
        foreach (var (entityType, _, located) in entities)
        {
            if (located > 0) attributes.Add((entityType, new AttributeSummary("location", AttributeKind.GeoProperty, located)));
        }

        var byType = attributes.ToLookup(a => a.Type, a => a.Attribute, StringComparer.Ordinal);
        return (IReadOnlyList<TypeSummary>)[.. entities.OrderBy(e => e.Type, StringComparer.Ordinal).Select(e => new TypeSummary(e.Type, e.Count,
            [.. byType[e.Type].OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Kind)]))];
    }, ct);
}
