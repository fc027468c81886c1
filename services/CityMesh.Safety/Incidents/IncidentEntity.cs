using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Incidents;

/// <summary>
/// An <see cref="Incident"/> as the twin's <c>Incident</c> entity (normalized NGSI-LD) and back. Attribute names follow
/// FIWARE's Alert where it has one (<c>category</c>, <c>severity</c>, <c>name</c>); the timeline is one structured
/// property, the affected entities one relationship naming them all (<c>refAffected</c>, <c>"object": [..]</c>).
/// </summary>
public static class IncidentEntity
{
    public static JsonElement ToNgsi(Incident incident)
    {
        var entity = new JsonObject
        {
            ["id"] = incident.Id,
            ["type"] = EntityTypes.Incident,
            ["category"] = Property(incident.Kind),
            ["name"] = Property(incident.Title),
            ["severity"] = Property(incident.Severity),
            ["status"] = Property(incident.Status),
            ["openedAt"] = Property(incident.OpenedAt.ToString("O", CultureInfo.InvariantCulture)),
            ["openedBy"] = Property(incident.OpenedBy),
            ["timeline"] = new JsonObject { ["type"] = "Property", ["value"] = JsonSerializer.SerializeToNode(incident.Timeline, JsonSerializerOptions.Web) },
        };
        if (incident.Longitude is { } lon && incident.Latitude is { } lat)
            entity["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } };
        if (incident.ClosedAt is { } closed) entity["closedAt"] = Property(closed.ToString("O", CultureInfo.InvariantCulture));
        if (incident.Cause is { } cause) entity["cause"] = Property(cause);
        if (incident.Affected.Count > 0)
            entity["refAffected"] = new JsonObject
            {
                ["type"] = "Relationship",
                ["object"] = incident.Affected.Count == 1 ? incident.Affected[0] : new JsonArray([.. incident.Affected.Select(a => (JsonNode)a)]),
            };
        return JsonSerializer.SerializeToElement(entity);
    }

    /// <summary>The attributes an update writes: all but the id and type (an append overwrites each).</summary>
    public static JsonElement Attributes(Incident incident)
    {
        var entity = JsonNode.Parse(ToNgsi(incident).GetRawText())!.AsObject();
        entity.Remove("id");
        entity.Remove("type");
        return JsonSerializer.SerializeToElement(entity);
    }

    /// <summary>An incident from the twin's entity; null (with why) for one that is not whole.</summary>
    public static Incident? FromNgsi(NgsiEntity entity, out string? problem)
    {
        problem = null;
        try
        {
            var location = entity.Location is { } g ? g.Bounds : (Contracts.Geo.BoundingBox?)null;
            var timeline = entity.Value("timeline") is { ValueKind: JsonValueKind.Array } t
                ? t.Deserialize<List<IncidentEvent>>(JsonSerializerOptions.Web) ?? []
                : [];
            return new Incident(entity.Id, Text(entity, "category"), Text(entity, "name"), Text(entity, "severity"), Text(entity, "status"),
                location is { } b ? (b.MinLongitude + b.MaxLongitude) / 2 : null, location is { } c ? (c.MinLatitude + c.MaxLatitude) / 2 : null,
                Time(entity, "openedAt") ?? throw entity.Error("openedAt", "is missing"), entity.TextOrNull("openedBy") ?? "unknown",
                Time(entity, "closedAt"), entity.TextOrNull("cause"), Affected(entity), timeline);
        }
        catch (Exception e) when (e is TwinDataException or JsonException or FormatException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string Text(NgsiEntity entity, string name) => entity.TextOrNull(name) ?? throw entity.Error(name, "is missing or not text");

    private static DateTimeOffset? Time(NgsiEntity entity, string name) =>
        entity.TextOrNull(name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    private static List<string> Affected(NgsiEntity entity)
    {
        if (!entity.Json.TryGetProperty("refAffected", out var relationship) || !relationship.TryGetProperty("object", out var targets)) return [];
        return targets.ValueKind == JsonValueKind.Array ? [.. targets.EnumerateArray().Select(t => t.GetString()!)] : [targets.GetString()!];
    }

    private static JsonObject Property(string value) => new() { ["type"] = "Property", ["value"] = value };
}
