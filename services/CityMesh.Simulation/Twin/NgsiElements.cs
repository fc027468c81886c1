using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;

namespace CityMesh.Simulation.Twin;

/// <summary>
/// Entities as read back through the twin's API (NGSI-LD, normalized) as the elements of a network the simulations
/// model, water's or the grid's: properties with their units, relationships by the target's type and local id.
/// </summary>
public static class NgsiElements
{
    public static TwinElement From(JsonElement entity, string city)
    {
        string id = entity.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "(no id)";
        string type = entity.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        var properties = new Dictionary<string, ElementProperty>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        Geometry? location = null;
        foreach (var attribute in entity.EnumerateObject())
        {
            if (attribute.Value.ValueKind != JsonValueKind.Object || !attribute.Value.TryGetProperty("type", out var kind)) continue;
            switch (kind.GetString())
            {
                case "GeoProperty" when attribute.Name == "location" && attribute.Value.TryGetProperty("value", out var geo):
                    try
                    {
                        location = GeoJson.Read(geo, "location");
                    }
                    catch (GeoJsonException)
                    {
                        // An element without a valid place is still part of the network.
                    }
                    break;
                case "Property" when attribute.Value.TryGetProperty("value", out var value):
                    properties[attribute.Name] = new ElementProperty(value.Clone(),
                        attribute.Value.TryGetProperty("unitCode", out var unit) ? unit.GetString() : null);
                    break;
                case "Relationship" when attribute.Value.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String
                                         && EntityIds.TypeOf(o.GetString()!) is { } targetType:
                    relationships[attribute.Name] = (targetType, LocalId(o.GetString()!, targetType, city));
                    break;
            }
        }
        return new TwinElement(type, LocalId(id, type, city), location, properties, relationships);
    }

    /// <summary>The local id of a CityMesh urn of the city (<c>urn:ngsi-ld:Type:city:local</c>); the whole id otherwise.</summary>
    public static string LocalId(string id, string type, string city)
    {
        var prefix = $"{EntityIds.Prefix}{type}:{city}:";
        return id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;
    }
}
