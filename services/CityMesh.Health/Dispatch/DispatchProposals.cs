using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;

namespace CityMesh.Health.Dispatch;

/// <summary>Turns a dispatch plan into an action proposal: the ambulance and the call patched, the evidence every option considered.</summary>
public static class DispatchProposals
{
    public const string ActionType = "health.ambulance-dispatch";
    public static readonly ModelInfo Model = new("nearest-by-live-emergency-eta", "1");

    /// <summary>
    /// The Vehicle's planned roads, to the scene and from it to the hospital (RoadSegment ids in driving order): written
    /// with the dispatch, so whoever reads the twin knows which roads a crew depends on (a closure across them reroutes it,
    /// <see cref="CrewReroutes"/>).
    /// </summary>
    public const string SceneRoute = "sceneRoute", HospitalRoute = "hospitalRoute";

    /// <summary>The response ETA declared by the proposer (governance measures the distance itself).</summary>
    public const string ResponseEta = "responseEtaSeconds";

    public static ActionProposal Create(DispatchPlan plan, DateTimeOffset now, TimeSpan lifetime)
    {
        var evidence = new JsonObject
        {
            ["call"] = plan.Call,
            ["need"] = plan.Need,
            ["responseEtaSeconds"] = plan.ResponseEtaSeconds,
            ["transportEtaSeconds"] = plan.TransportEtaSeconds,
            ["diversion"] = plan.Diversion,
            ["ambulances"] = JsonSerializer.SerializeToNode(plan.Ambulances, JsonSerializerOptions.Web),
            ["hospitals"] = JsonSerializer.SerializeToNode(plan.Hospitals, JsonSerializerOptions.Web),
            [SceneRoute] = new JsonArray([.. plan.SceneRoute.Select(r => JsonValue.Create(r))]),
            [HospitalRoute] = new JsonArray([.. plan.HospitalRoute.Select(r => JsonValue.Create(r))]),
        };
        var vehicle = new JsonObject
        {
            ["emergencyStatus"] = Property(AmbulanceStatus.Dispatched),
            ["serviceStatus"] = Property(AmbulanceStatus.ServiceStatus(AmbulanceStatus.Dispatched)),
            ["refEmergencyCall"] = Relationship(plan.Call),
            ["refHospital"] = Relationship(plan.Hospital),
            [SceneRoute] = Property(new JsonArray([.. plan.SceneRoute.Select(r => JsonValue.Create(r))])),
            [HospitalRoute] = Property(new JsonArray([.. plan.HospitalRoute.Select(r => JsonValue.Create(r))])),
        };
        var call = new JsonObject
        {
            ["status"] = Property(AmbulanceStatus.Dispatched),
            ["refVehicle"] = Relationship(plan.Ambulance),
            ["refHospital"] = Relationship(plan.Hospital),
        };
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Send {Local(plan.Ambulance)} to {Local(plan.Call)} ({plan.ResponseEtaSeconds / 60:0.0} min), then to {Local(plan.Hospital)} ({plan.TransportEtaSeconds / 60:0.0} min)");
        if (plan.Diversion is not null) summary += $"; not the nearest hospital: {plan.Diversion}";
        return new ActionProposal
        {
            Id = IdFor(plan.Call, plan.Ambulance),
            Type = ActionType,
            Domain = "health",
            Target = plan.Ambulance,
            Summary = summary,
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { [ResponseEta] = plan.ResponseEtaSeconds },
            Effect =
            [
                new TwinPatch(plan.Ambulance, JsonSerializer.SerializeToElement(vehicle)),
                new TwinPatch(plan.Call, JsonSerializer.SerializeToElement(call)),
            ],
            ProposedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    /// <summary>One proposal per call and ambulance: proposing the same pair again is the same proposal (governance ignores it).</summary>
    public static string IdFor(string call, string ambulance) => $"dispatch-{Local(call)}-{Local(ambulance)}";

    internal static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];

    internal static JsonObject Property(JsonNode? value) => NgsiAttributes.Property(value);

    internal static JsonObject Relationship(string id) => NgsiAttributes.Relationship(id);
}
