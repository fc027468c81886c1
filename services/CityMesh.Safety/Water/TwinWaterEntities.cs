using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Water;

/// <summary>The twin's water network entities (NGSI-LD, normalized) as the network's elements, for <see cref="WaterNetworkReading"/>.</summary>
public static class TwinWaterEntities
{
    /// <summary>The types a water network is made of.</summary>
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.WaterNetwork, EntityTypes.Junction, EntityTypes.Reservoir, EntityTypes.Tank, EntityTypes.Pipe, EntityTypes.Pump, EntityTypes.Valve];

    public static WaterEntity From(NgsiEntity entity, string city)
    {
        var properties = new Dictionary<string, WaterProperty>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var attribute in entity.Json.EnumerateObject())
        {
            if (attribute.Value.ValueKind != JsonValueKind.Object || !attribute.Value.TryGetProperty("type", out var kind)) continue;
            switch (kind.GetString())
            {
                case "Property" when attribute.Value.TryGetProperty("value", out var value):
                    properties[attribute.Name] = new WaterProperty(value.Clone(),
                        attribute.Value.TryGetProperty("unitCode", out var unit) ? unit.GetString() : null);
                    break;
                case "Relationship" when entity.ObjectOrNull(attribute.Name) is { } target && EntityIds.TypeOf(target) is { } type:
                    relationships[attribute.Name] = (type, LocalId(target, type, city));
                    break;
            }
        }
        return new WaterEntity(entity.Type, LocalId(entity.Id, entity.Type, city), entity.Location, properties, relationships);
    }

    /// <summary>The local id of a CityMesh urn of the city (<c>urn:ngsi-ld:Type:city:local</c>); the whole id otherwise.</summary>
    public static string LocalId(string id, string type, string city)
    {
        var prefix = $"{EntityIds.Prefix}{type}:{city}:";
        return id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;
    }
}
