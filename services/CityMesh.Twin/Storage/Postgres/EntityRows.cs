using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using Npgsql;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// Reads entities from rows of <c>entity LEFT JOIN entity_attribute</c>, one row per attribute, ordered by entity id.
/// </summary>
internal static class EntityRows
{
    /// <summary>The select list; <paramref name="withLocation"/> false leaves the location out (projection).</summary>
    public static string Columns(bool withLocation = true) =>
        $"""
        e.id, e.type, e.category, e.status, e.appearance, {(withLocation ? "e.location_geojson" : "NULL::text")}, e.created_at,
        greatest(e.modified_at, (SELECT max(m.modified_at) FROM entity_attribute m WHERE m.entity_id = e.id)),
        a.name, a.is_relationship, a.value_kind, a.num, a.txt, a.unit_code, a.observed_at
        """;

    public static async Task<List<Entity>> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var entities = new List<Entity>();
        Entity? current = null;
        Dictionary<string, Property>? properties = null;
        Dictionary<string, Relationship>? relationships = null;
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            if (current?.Id != id)
            {
                properties = new Dictionary<string, Property>(StringComparer.Ordinal);
                relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
                current = new Entity
                {
                    Id = id,
                    Type = reader.GetString(1),
                    Category = Enum.Parse<EntityCategory>(reader.GetString(2)),
                    Status = Enum.Parse<EntityStatus>(reader.GetString(3)),
                    AppearanceRef = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Location = reader.IsDBNull(5) ? null : GeoJson.Parse(reader.GetString(5), "location"),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                    ModifiedAt = reader.GetFieldValue<DateTimeOffset>(7),
                    Properties = properties,
                    Relationships = relationships,
                };
                entities.Add(current);
            }
            if (reader.IsDBNull(8)) continue;
            var name = reader.GetString(8);
            var value = ValueColumns.Read(reader.GetInt16(10), NullableDouble(reader, 11), NullableString(reader, 12));
            DateTimeOffset? observedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14);
            if (reader.GetBoolean(9)) relationships![name] = new Relationship(value.Text!, observedAt);
            else properties![name] = new Property(value, NullableString(reader, 13), observedAt);
        }
        return entities;
    }

    public static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
