using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

public sealed partial class PostgresTwinStore
{
    /// <summary>Every type of an entity row <c>e</c>, one row each (an entity of several types counts under each).</summary>
    private const string EntityTypesOf = "CROSS JOIN LATERAL unnest(ARRAY[e.type] || e.other_types) AS t(type)";

    /// <summary>Only entities of the type asked for, when one is; the type and GIN indexes find them.</summary>
    private const string OfType = "($1::text IS NULL OR ((e.type = $1 OR e.other_types @> ARRAY[$1]) AND t.type = $1))";

    /// <summary>
    /// Counted by the database (GROUP BY), so the answer crosses the wire as one row per type and attribute kind, however
    /// many entities there are. A plain attribute's kind is its row's; one with a shape (a kind other than Property,
    /// datasetId instances) has the kinds of the instances in it.
    /// </summary>
    public Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        var entities = new List<(string Type, long Count, long Located)>();
        await using (var command = TypeCommand(connection, type, $"""
            SELECT t.type, count(*), count(e.location) FROM entity e {EntityTypesOf} WHERE {OfType} GROUP BY t.type
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) entities.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        var attributes = new List<(string Type, AttributeSummary Attribute)>();
        await using (var command = TypeCommand(connection, type, $"""
            SELECT t.type, a.name, k.kind, count(*)
            FROM entity_attribute a JOIN entity e ON e.id = a.entity_id {EntityTypesOf}
            CROSS JOIN LATERAL (
                SELECT CASE WHEN a.is_relationship THEN 'Relationship' ELSE 'Property' END WHERE a.shape IS NULL
                UNION
                SELECT i ->> 'type' FROM jsonb_array_elements(a.shape::jsonb) AS i WHERE a.shape IS NOT NULL
            ) AS k(kind)
            WHERE {OfType}
            GROUP BY t.type, a.name, k.kind
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var kind = Enum.Parse<AttributeKind>(reader.GetString(2));
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

    private static NpgsqlCommand TypeCommand(NpgsqlConnection connection, string? type, string sql) =>
        new(sql, connection) { Parameters = { new() { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } } };
}
