using System.Text.Json;
using CityMesh.Contracts.Health;
using CityMesh.Twin.Client;

namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// Measures a new way for an ambulance on a call (health's reroute round closed roads): how many of the roads it would
/// now take the twin holds closed (<c>closedRoadsOnRoute</c>), which guardrails bound, at 0, so that only a way that
/// really avoids every closure runs without a dispatcher. It cannot vouch for a vehicle that is not an ambulance on a
/// call, for writing anything but the planned roads and the hospital, or for roads it cannot read.
/// </summary>
public static class AmbulanceReroute
{
    public const string ClosedRoadsOnRoute = "closedRoadsOnRoute";

    /// <summary>The attributes of the way: the roads to the scene and to the hospital, and the hospital.</summary>
    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>(StringComparer.Ordinal) { "sceneRoute", "hospitalRoute", "refHospital" };

    /// <param name="readRoad">Reads a road the way names, as the twin holds it now.</param>
    public static async Task<EffectMeasurement> MeasureAsync(string vehicleId, JsonElement current, JsonElement patch, Func<string, Task<JsonElement?>> readRoad)
    {
        var vehicle = new NgsiEntity(current);
        if (vehicle.TextOrNull("vehicleType") != "ambulance") return EffectMeasurement.Refused($"{vehicleId} is not an ambulance");
        if (vehicle.TextOrNull("emergencyStatus") is not (AmbulanceStatus.Dispatched or AmbulanceStatus.AtScene or AmbulanceStatus.Transporting))
            return EffectMeasurement.Refused($"{vehicleId} is {vehicle.TextOrNull("emergencyStatus") ?? "of unknown status"}, not on a call");
        var roads = new List<string>();
        foreach (var attribute in patch.EnumerateObject())
        {
            if (!Attributes.Contains(attribute.Name))
                return EffectMeasurement.Refused($"{vehicleId}: the effect writes {attribute.Name}, which is not part of a reroute");
            if (attribute.Name == "refHospital") continue;
            if (!attribute.Value.TryGetProperty("value", out var list) || list.ValueKind != JsonValueKind.Array
                || list.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
                return EffectMeasurement.Refused($"{vehicleId}: {attribute.Name} is not a list of road ids");
            roads.AddRange(list.EnumerateArray().Select(r => r.GetString()!));
        }
        var closed = 0;
        foreach (var id in roads.Distinct(StringComparer.Ordinal))
        {
            if (await readRoad(id) is not { } road) return EffectMeasurement.Refused($"{id} could not be read from the twin");
            if (new NgsiEntity(road).TextOrNull("status") == "closed") closed++;
        }
        return new EffectMeasurement(new Dictionary<string, double> { [ClosedRoadsOnRoute] = closed });
    }
}
