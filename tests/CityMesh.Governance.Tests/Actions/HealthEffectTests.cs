using System.Text.Json;
using CityMesh.Governance.Actions.Effects;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>Governance's own measures of health's actions: how far an ambulance is sent, how long a hospital diverts.</summary>
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
}
