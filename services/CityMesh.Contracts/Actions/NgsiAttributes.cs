using System.Text.Json.Nodes;

namespace CityMesh.Contracts.Actions;

/// <summary>NGSI-LD normalized attributes for a <see cref="TwinPatch"/>: what every domain's proposals write into the twin.</summary>
public static class NgsiAttributes
{
    public static JsonObject Property(JsonNode? value) => new() { ["type"] = "Property", ["value"] = value };

    public static JsonObject Relationship(string id) => new() { ["type"] = "Relationship", ["object"] = id };
}
