using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Baselines;
using CityMesh.Twin.Client.Traffic;

namespace CityMesh.Scenarios.Tests.Baselines;

/// <summary>
/// A tiny city in the twin's normalized NGSI-LD form: a boundary node west of one signalised junction, a road in
/// and a road back out, a movement between them, and a two-phase signal. Tests break one thing at a time.
/// </summary>
internal static class TwinEntitiesFixture
{
    public const string West = "urn:ngsi-ld:Intersection:t:west", Centre = "urn:ngsi-ld:Intersection:t:centre";
    public const string In = "urn:ngsi-ld:RoadSegment:t:in", Out = "urn:ngsi-ld:RoadSegment:t:out";

    public static string Movements => Json(new JsonArray(new JsonObject
    {
        ["from"] = In, ["to"] = Out, ["turn"] = "turn_left",
        ["lanes"] = new JsonArray(new JsonObject { ["fromLane"] = 0, ["toLane"] = 0, ["path"] = Parse("[[117.0011,36.66],[117.0011,36.6601]]") }),
    }));

    public static string Phases => Json(new JsonArray(
        new JsonObject { ["index"] = 0, ["duration"] = 25, ["movements"] = new JsonArray(new JsonObject { ["from"] = In, ["to"] = Out, ["turn"] = "turn_left" }) },
        new JsonObject { ["index"] = 1, ["duration"] = 5, ["movements"] = new JsonArray() }));

    public static string Node(string id, double lon, bool boundary, string? movements = null)
    {
        var node = Entity(id, "Intersection");
        node["location"] = Geo("Point", new JsonArray(lon, 36.66));
        node["width"] = Property(10);
        node["networkBoundary"] = Property(boundary);
        if (movements is not null) node["movements"] = Property(Parse(movements));
        return Json(node);
    }

    public static string Road(string id, string from, string to, double lon0, double lon1, string widths = "[3.2,3.2]", double maxSpeed = 40)
    {
        var road = Entity(id, "RoadSegment");
        road["location"] = Geo("LineString", new JsonArray(new JsonArray(lon0, 36.66), new JsonArray(lon1, 36.66)));
        road["laneWidths"] = Property(Parse(widths));
        road["maxSpeed"] = Property(maxSpeed);
        road["refStartIntersection"] = Relationship(from);
        road["refEndIntersection"] = Relationship(to);
        return Json(road);
    }

    public static string Signal(string phases)
    {
        var signal = Entity("urn:ngsi-ld:TrafficSignal:t:centre", "TrafficSignal");
        signal["phases"] = Property(Parse(phases));
        signal["refIntersection"] = Relationship(Centre);
        return Json(signal);
    }

    public static string Detector(string road, double? intensity, string? observedAt)
    {
        var detector = Entity($"urn:ngsi-ld:TrafficFlowObserved:t:{road}", "TrafficFlowObserved");
        detector["refRoadSegment"] = Relationship($"urn:ngsi-ld:RoadSegment:t:{road}");
        if (intensity is { } flow)
        {
            var property = Property(flow);
            property["observedAt"] = observedAt;
            detector["intensity"] = property;
        }
        return Json(detector);
    }

    public static TwinEntities City(string? centre = null, string? roadIn = null, string? signal = null, params string[] detectors) => new(
        "t",
        [Element(Node(West, 117.0, boundary: true)), Element(centre ?? Node(Centre, 117.001, boundary: false, Movements))],
        [Element(signal ?? Signal(Phases))],
        [Element(roadIn ?? Road(In, West, Centre, 117.0, 117.001)), Element(Road(Out, Centre, West, 117.001, 117.0))],
        [.. detectors.Select(Element)]);

    private static JsonObject Entity(string id, string type) => new() { ["id"] = id, ["type"] = type };

    private static JsonObject Property(JsonNode? value) => new() { ["type"] = "Property", ["value"] = value };

    private static JsonObject Relationship(string target) => new() { ["type"] = "Relationship", ["object"] = target };

    private static JsonObject Geo(string type, JsonArray coordinates) =>
        new() { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = type, ["coordinates"] = coordinates } };

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    private static string Json(JsonNode node) => node.ToJsonString();

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
