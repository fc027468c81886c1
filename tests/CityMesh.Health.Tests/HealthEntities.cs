using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityMesh.Health.Tests;

/// <summary>Entities as the twin read API sends them (NGSI-LD normalized), for building health snapshots in tests.</summary>
internal static class HealthEntities
{
    public const string City = "testcity";

    public static string Id(string type, string local) => $"urn:ngsi-ld:{type}:{City}:{local}";

    public static JsonElement Hospital(string local, int general, int generalOccupied, int icu, int icuOccupied, DateTimeOffset at,
        bool emergency = true, int cubicles = 20, int waiting = 0, int boarding = 0, string? road = null, double lon = 117.02, double lat = 36.66,
        string? diversion = null, DateTimeOffset? divertUntil = null)
    {
        var o = Base("Hospital", local, lon, lat);
        o["name"] = Prop($"Hospital {local}");
        o["emergencyDepartment"] = Prop(emergency);
        o["edCubicles"] = Prop(cubicles);
        o["generalBeds"] = Prop(general);
        o["icuBeds"] = Prop(icu);
        o["generalBedsOccupied"] = Observed(generalOccupied, at);
        o["icuBedsOccupied"] = Observed(icuOccupied, at);
        o["bedsOccupied"] = Observed(generalOccupied + icuOccupied, at);
        o["edWaiting"] = Observed(waiting, at);
        o["edBoarding"] = Observed(boarding, at);
        o["edPatients"] = Observed(Math.Min(cubicles, 10) + waiting + boarding, at);
        if (road is not null) o["refRoadSegment"] = Rel(Id("RoadSegment", road));
        if (diversion is not null) o["diversionStatus"] = Prop(diversion);
        if (divertUntil is { } until) o["divertUntil"] = Prop(until.ToString("O", CultureInfo.InvariantCulture));
        return Json(o);
    }

    /// <summary>A ward as the twin seeds it: its bed type and beds, and its hospital.</summary>
    public static JsonElement Ward(string local, string hospital, string bedType = "general", int capacity = 40)
    {
        var o = Base("HospitalWard", local, 117.02, 36.66);
        o["name"] = Prop($"Ward {local}");
        o["bedType"] = Prop(bedType);
        o["bedCapacity"] = Prop(capacity);
        o["refHospital"] = Rel(Id("Hospital", hospital));
        return Json(o);
    }

    public static JsonElement Ambulance(string local, string status, string road, double lon, double lat, string? station = null)
    {
        var o = Base("Vehicle", local, lon, lat);
        o["name"] = Prop($"Ambulance {local}");
        o["vehicleType"] = Prop("ambulance");
        o["emergencyStatus"] = Prop(status);
        o["refRoadSegment"] = Rel(Id("RoadSegment", road));
        if (station is not null) o["refAmbulanceStation"] = Rel(Id("AmbulanceStation", station));
        return Json(o);
    }

    public static JsonElement Call(string local, string road, double lon, double lat, string bedType = "general", string status = "received")
    {
        var o = Base("EmergencyCall", local, lon, lat);
        o["priority"] = Prop("immediate");
        o["bedType"] = Prop(bedType);
        o["status"] = Prop(status);
        o["refRoadSegment"] = Rel(Id("RoadSegment", road));
        return Json(o);
    }

    public static JsonElement Road(string local, string start, string end, double lon, double lat)
    {
        var o = new JsonObject
        {
            ["id"] = Id("RoadSegment", local),
            ["type"] = "RoadSegment",
            ["location"] = new JsonObject
            {
                ["type"] = "GeoProperty",
                ["value"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(lon, lat), new JsonArray(lon + 0.004, lat)) },
            },
            ["refStartIntersection"] = Rel(Id("Intersection", start)),
            ["refEndIntersection"] = Rel(Id("Intersection", end)),
        };
        return Json(o);
    }

    private static JsonObject Base(string type, string local, double lon, double lat) => new()
    {
        ["id"] = Id(type, local),
        ["type"] = type,
        ["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } },
    };

    private static JsonObject Prop(JsonNode? value) => new() { ["type"] = "Property", ["value"] = value };

    private static JsonObject Observed(double value, DateTimeOffset at) =>
        new() { ["type"] = "Property", ["value"] = value, ["observedAt"] = at.ToString("O", CultureInfo.InvariantCulture) };

    private static JsonObject Rel(string id) => new() { ["type"] = "Relationship", ["object"] = id };

    private static JsonElement Json(JsonObject o) => JsonSerializer.SerializeToElement(o);
}
