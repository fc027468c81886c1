using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Client;

namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// Measures sending an ambulance (a Vehicle of vehicleType <c>ambulance</c>) to an emergency call: the straight-line
/// distance from where the twin holds the ambulance to the call's location (<c>dispatchDistanceMetres</c>), which
/// guardrails bound so that only nearby dispatches run without a dispatcher. It cannot vouch for writing anything but
/// the dispatch's attributes, for a vehicle that is not an ambulance, or for sending one that is not available now
/// (two calls must never both get the same crew).
/// </summary>
public static class AmbulanceDispatch
{
    public const string DispatchDistance = "dispatchDistanceMetres";

    // With the roads it plans the crew to take (to the scene, then to the hospital), which a later reroute replaces.
    private static readonly HashSet<string> VehicleAttributes = ["emergencyStatus", "serviceStatus", "refEmergencyCall", "refHospital", "sceneRoute", "hospitalRoute"];
    private static readonly HashSet<string> CallAttributes = ["status", "refVehicle", "refHospital"];

    /// <param name="readCall">Reads the call the patch names, as the twin holds it now.</param>
    public static async Task<EffectMeasurement> MeasureAsync(string vehicleId, JsonElement current, JsonElement patch,
        Func<string, Task<JsonElement?>> readCall)
    {
        var vehicle = new NgsiEntity(current);
        if (vehicle.TextOrNull("vehicleType") != "ambulance") return EffectMeasurement.Refused($"{vehicleId} is not an ambulance");
        foreach (var attribute in patch.EnumerateObject())
            if (!VehicleAttributes.Contains(attribute.Name))
                return EffectMeasurement.Refused($"{vehicleId}: the effect writes {attribute.Name}, which is not part of a dispatch");
        var written = new NgsiEntity(patch);
        if (written.TextOrNull("emergencyStatus") is not "dispatched")
            return EffectMeasurement.Refused($"{vehicleId}: only sending an ambulance (emergencyStatus dispatched) is measured");
        if (vehicle.TextOrNull("emergencyStatus") is not "available")
            return EffectMeasurement.Refused($"{vehicleId} is {vehicle.TextOrNull("emergencyStatus") ?? "of unknown status"}, not available");
        if (written.ObjectOrNull("refEmergencyCall") is not { } callId) return EffectMeasurement.Refused($"{vehicleId}: the dispatch names no call");
        if (await readCall(callId) is not { } call) return EffectMeasurement.Refused($"{callId} could not be read from the twin");
        if (vehicle.Location?.Anchor is not { } from || new NgsiEntity(call).Location?.Anchor is not { } to)
            return EffectMeasurement.Refused($"{vehicleId} or {callId} has no location to measure the distance between");
        return new EffectMeasurement(new Dictionary<string, double> { [DispatchDistance] = Math.Round(GeoMath.HaversineMetres(from, to), 1) });
    }

    /// <summary>The call's side of a dispatch: its status and who was sent where. Nothing to limit, but nothing else may be written.</summary>
    public static EffectMeasurement MeasureCall(string callId, JsonElement patch)
    {
        foreach (var attribute in patch.EnumerateObject())
            if (!CallAttributes.Contains(attribute.Name))
                return EffectMeasurement.Refused($"{callId}: the effect writes {attribute.Name}, which is not part of a dispatch");
        return new EffectMeasurement(new Dictionary<string, double>());
    }
}
