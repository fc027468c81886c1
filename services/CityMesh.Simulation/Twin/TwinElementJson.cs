using System.Text.Json.Nodes;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;

namespace CityMesh.Simulation.Twin;

/// <summary>
/// A network's element as a normalized NGSI-LD entity of a city, for writing to a twin's API. Its type is a
/// CityMesh term: send it with the twin's context in the Link header (<c>/ngsi-ld/v1/context.jsonld</c>), or the core
/// context files it under the default vocabulary, apart from the city's own.
/// </summary>
public static class TwinElementJson
{
    public static JsonObject Of(TwinElement e, string city)
    {
        var o = new JsonObject { ["id"] = EntityIds.Create(e.Type, city, e.LocalId), ["type"] = e.Type };
        if (e.Location is { } location)
            o["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = JsonNode.Parse(GeoJson.Write(location)) };
        foreach (var (name, p) in e.Properties)
        {
            var attribute = new JsonObject { ["type"] = "Property", ["value"] = JsonNode.Parse(p.Value.GetRawText()) };
            if (p.Unit is not null) attribute["unitCode"] = p.Unit;
            o[name] = attribute;
        }
        foreach (var (name, (type, local)) in e.Relationships)
            o[name] = new JsonObject { ["type"] = "Relationship", ["object"] = EntityIds.Create(type, city, local) };
        return o;
    }
}
