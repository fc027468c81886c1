using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
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
        e.id, e.type, e.other_types, e.scope, e.appearance, {(withLocation ? "e.location_geojson" : "NULL::text")}, e.created_at,
        greatest(e.modified_at, (SELECT max(m.modified_at) FROM entity_attribute m WHERE m.entity_id = e.id)),
        a.name, a.is_relationship, a.value_kind, a.num, a.txt, a.unit_code, a.observed_at, a.shape
        """;

    public static async Task<List<Entity>> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var entities = new List<Entity>();
        Entity? current = null;
        Dictionary<string, Property>? properties = null;
        Dictionary<string, Relationship>? relationships = null;
        Dictionary<string, IReadOnlyList<Property>>? propertyDatasets = null;
        Dictionary<string, IReadOnlyList<Relationship>>? relationshipDatasets = null;
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            if (current?.Id != id)
            {
                properties = new Dictionary<string, Property>(StringComparer.Ordinal);
                relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
                propertyDatasets = new Dictionary<string, IReadOnlyList<Property>>(StringComparer.Ordinal);
                relationshipDatasets = new Dictionary<string, IReadOnlyList<Relationship>>(StringComparer.Ordinal);
                current = new Entity
                {
                    Id = id,
                    Type = reader.GetString(1),
                    OtherTypes = reader.IsDBNull(2) ? [] : reader.GetFieldValue<string[]>(2),
                    Scope = reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3),
                    PropertyDatasets = propertyDatasets,
                    RelationshipDatasets = relationshipDatasets,
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
            var kind = reader.GetInt16(10);
            var shape = NullableString(reader, 15);
            DateTimeOffset? observedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14);
            if (shape is null)
            {
                var value = ValueColumns.Read(kind, NullableDouble(reader, 11), NullableString(reader, 12));
                if (reader.GetBoolean(9)) relationships![name] = new Relationship(value.Text!, observedAt);
                else properties![name] = new Property(value, NullableString(reader, 13), observedAt);
                continue;
            }
            // Every instance from the shape; the default one's value from the columns, which telemetry keeps current.
            foreach (var instance in NgsiLdCodec.ReadInstances(name, shape))
            {
                if (instance.DatasetId is not null)
                {
                    if (instance.Relationship is { } r) relationshipDatasets![name] = [.. relationshipDatasets.GetValueOrDefault(name) ?? [], r];
                    else propertyDatasets![name] = [.. propertyDatasets.GetValueOrDefault(name) ?? [], instance.Property!];
                }
                else if (kind == NoDefault) continue;
                else if (instance.Relationship is { } relationship) relationships![name] = relationship with { ObservedAt = observedAt };
                else
                {
                    var value = ValueColumns.Read(kind, NullableDouble(reader, 11), NullableString(reader, 12));
                    properties![name] = instance.Property! with { Value = value, UnitCode = NullableString(reader, 13), ObservedAt = observedAt };
                }
            }
        }
        return entities;
    }

    /// <summary>The value_kind of an attribute with only instances that carry a datasetId.</summary>
    public const short NoDefault = 4;

    public static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
