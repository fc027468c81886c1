using System.Text.Json;
using CityMesh.Governance.Actions.Effects;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>Governance's own measures of health's actions: how far an ambulance is sent, whether its new way crosses a closed road, how long a hospital diverts.</summary>
public sealed class HealthEffectTests
{
    private const string Ambulance = "urn:ngsi-ld:Vehicle:t:a1";
    private const string Call = "urn:ngsi-ld:EmergencyCall:t:c1";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static JsonElement Vehicle(string status, string type = "ambulance") => Json("""
        {"id": "AMBULANCE", "type": "Vehicle", "vehicleType": {"type": "Property", "value": "TYPE"},
         "emergencyStatus": {"type": "Property", "value": "STATUS"},
         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.0, 36.66]}}}
        """.Replace("AMBULANCE", Ambulance).Replace("TYPE", type).Replace("STATUS", status));

    private static readonly JsonElement CallEntity = Json("""
        {"id": "CALL", "type": "EmergencyCall", "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.01, 36.66]}}}
        """.Replace("CALL", Call));

    private static JsonElement Dispatch(string extra = "") => Json($$"""
        {"emergencyStatus": {"type": "Property", "value": "dispatched"}, "refEmergencyCall": {"type": "Relationship", "object": "{{Call}}"}{{extra}}}
        """);

    private static Task<JsonElement?> ReadCall(string id) => Task.FromResult<JsonElement?>(id == Call ? CallEntity : null);

    [Fact]
    public async Task Measures_how_far_a_free_ambulance_is_sent()
    {
        var measured = await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("available"), Dispatch(), ReadCall);
        Assert.True(measured.Measured, measured.Unmeasurable);
        // 0.01° of longitude at 36.66° N: 111.2 km × cos(36.66°) / 100 = 892 m.
        Assert.InRange(measured.Measures[AmbulanceDispatch.DispatchDistance], 885, 900);
    }

    [Fact]
    public async Task Cannot_vouch_for_a_busy_crew_another_vehicle_or_other_attributes()
    {
        Assert.Contains("is transporting, not available", (await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("transporting"), Dispatch(), ReadCall)).Unmeasurable);
        Assert.Contains("is not an ambulance", (await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("available", "bus"), Dispatch(), ReadCall)).Unmeasurable);
        var extra = await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("available"), Dispatch(""", "name": {"type": "Property", "value": "x"}"""), ReadCall);
        Assert.Contains("writes name", extra.Unmeasurable);
        Assert.Contains("could not be read", (await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("available"), Dispatch(), _ => Task.FromResult<JsonElement?>(null))).Unmeasurable);
        Assert.True(AmbulanceDispatch.MeasureCall(Call, Json("""{"status": {"type": "Property", "value": "dispatched"}}""")).Measured);
        Assert.False(AmbulanceDispatch.MeasureCall(Call, Json("""{"priority": {"type": "Property", "value": "routine"}}""")).Measured);
    }

    [Fact]
    public void Measures_a_diversion_by_how_long_it_lasts_from_now()
    {
        var now = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var hospital = Json("""{"id": "h", "type": "Hospital", "surgeBeds": {"type": "Property", "value": 0}}""");
        var divert = Json("""{"diversionStatus": {"type": "Property", "value": "diverting"}, "divertUntil": {"type": "Property", "value": "2026-12-07T11:30:00Z"}}""");
        Assert.Equal(2.5, HospitalDiversion.Measure("h", hospital, divert, now).Measures[HospitalDiversion.DiversionHours]);
        var surge = Json("""{"surgeBeds": {"type": "Property", "value": 20}}""");
        Assert.Equal(20, HospitalDiversion.Measure("h", hospital, surge, now).Measures[HospitalDiversion.SurgeBedsChange]);
        var endless = Json("""{"diversionStatus": {"type": "Property", "value": "diverting"}}""");
        Assert.Contains("needs divertUntil", HospitalDiversion.Measure("h", hospital, endless, now).Unmeasurable);
        Assert.Contains("has passed", HospitalDiversion.Measure("h", hospital, divert, now.AddHours(3)).Unmeasurable);
    }

    private static Task<JsonElement?> ReadRoad(string id) => Task.FromResult<JsonElement?>(id switch
    {
        "r-open" => Json("""{"id": "r-open", "type": "RoadSegment", "status": {"type": "Property", "value": "open"}}"""),
        "r-plain" => Json("""{"id": "r-plain", "type": "RoadSegment"}"""),
        "r-closed" => Json("""{"id": "r-closed", "type": "RoadSegment", "status": {"type": "Property", "value": "closed"}}"""),
        _ => null,
    });

    private static JsonElement Way(params string[] roads) => JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["hospitalRoute"] = new { type = "Property", value = roads },
        ["refHospital"] = new { type = "Relationship", @object = "urn:ngsi-ld:Hospital:t:h2" },
    });

    [Fact]
    public async Task Measures_a_crews_new_way_by_the_closed_roads_on_it_as_the_twin_holds_them()
    {
        var clear = await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("transporting"), Way("r-open", "r-plain"), ReadRoad);
        Assert.True(clear.Measured, clear.Unmeasurable);
        Assert.Equal(0, clear.Measures[AmbulanceReroute.ClosedRoadsOnRoute]);
        Assert.Equal(1, (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("dispatched"), Way("r-open", "r-closed", "r-closed"), ReadRoad)).Measures[AmbulanceReroute.ClosedRoadsOnRoute]);

        Assert.Contains("is available, not on a call", (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("available"), Way("r-open"), ReadRoad)).Unmeasurable);
        Assert.Contains("is not an ambulance", (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("atScene", "bus"), Way("r-open"), ReadRoad)).Unmeasurable);
        Assert.Contains("r-gone could not be read", (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("atScene"), Way("r-gone"), ReadRoad)).Unmeasurable);
        var other = Json("""{"name": {"type": "Property", "value": "x"}}""");
        Assert.Contains("writes name, which is not part of a reroute", (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("atScene"), other, ReadRoad)).Unmeasurable);
        var notRoads = Json("""{"sceneRoute": {"type": "Property", "value": "r-open"}}""");
        Assert.Contains("sceneRoute is not a list of road ids", (await AmbulanceReroute.MeasureAsync(Ambulance, Vehicle("atScene"), notRoads, ReadRoad)).Unmeasurable);
    }

    [Fact]
    public async Task A_dispatch_may_write_the_roads_it_plans()
    {
        var planned = await AmbulanceDispatch.MeasureAsync(Ambulance, Vehicle("available"),
            Dispatch(""", "sceneRoute": {"type": "Property", "value": ["r-open"]}, "hospitalRoute": {"type": "Property", "value": ["r-open"]}"""), ReadCall);
        Assert.True(planned.Measured, planned.Unmeasurable);
    }
}
