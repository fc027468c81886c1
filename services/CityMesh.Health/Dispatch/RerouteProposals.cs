using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// "Reroute ambulance-3 round 2 closed roads": a crew whose planned roads ahead were closed (a flood's closures, written
/// to the twin by governance) is given new ones, and a new hospital when the one it was going to can no longer be
/// reached. The Vehicle's planned roads and hospital are patched, and the call's hospital with them.
/// </summary>
public static class RerouteProposals
{
    public const string ActionType = "health.ambulance-reroute";
    public static readonly ModelInfo Model = new("closed-roads-reroute-by-live-emergency-eta", "1");

    /// <summary>Seconds from now to the hospital by the new roads (to the scene first when the crew is not there yet).</summary>
    public const string EtaSeconds = "etaSeconds";

    /// <param name="toScene">The new way to the scene; null when the crew is already there or carrying the patient.</param>
    /// <param name="closed">Every closed road with the incident it was closed for.</param>
    public static ActionProposal Create(AmbulanceState crew, CallState call, IReadOnlyList<string> blocked, IReadOnlyDictionary<string, string?> closed,
        RouteTime? toScene, HospitalChoice choice, DateTimeOffset now, TimeSpan lifetime)
    {
        var hospital = choice.Chosen!;
        var route = choice.Route!;
        var eta = (toScene?.EtaSeconds ?? 0) + route.EtaSeconds;
        var incident = blocked.Select(r => closed[r]).FirstOrDefault(i => i is not null);
        var vehicle = new JsonObject
        {
            [DispatchProposals.HospitalRoute] = DispatchProposals.Property(Roads(route.Roads)),
            ["refHospital"] = DispatchProposals.Relationship(hospital.Hospital),
        };
        if (toScene is not null) vehicle[DispatchProposals.SceneRoute] = DispatchProposals.Property(Roads(toScene.Roads));
        List<TwinPatch> effect = [new TwinPatch(crew.Id, JsonSerializer.SerializeToElement(vehicle))];
        var changed = hospital.Hospital != crew.Hospital;
        if (changed)
            effect.Add(new TwinPatch(call.Id, JsonSerializer.SerializeToElement(new JsonObject { ["refHospital"] = DispatchProposals.Relationship(hospital.Hospital) })));

        var evidence = new JsonObject
        {
            ["call"] = call.Id,
            ["crewStatus"] = crew.Status,
            ["closedRoads"] = new JsonArray([.. blocked.Select(r => new JsonObject { ["road"] = r, ["incident"] = closed[r] })]),
            ["before"] = new JsonObject
            {
                ["hospital"] = crew.Hospital,
                [DispatchProposals.SceneRoute] = Roads(crew.SceneRoute),
                [DispatchProposals.HospitalRoute] = Roads(crew.HospitalRoute),
            },
            ["after"] = new JsonObject
            {
                ["hospital"] = hospital.Hospital,
                [DispatchProposals.SceneRoute] = toScene is null ? null : Roads(toScene.Roads),
                [DispatchProposals.HospitalRoute] = Roads(route.Roads),
                ["sceneEtaSeconds"] = toScene is null ? null : Math.Round(toScene.EtaSeconds, 1),
                ["hospitalEtaSeconds"] = Math.Round(route.EtaSeconds, 1),
            },
            ["diversion"] = choice.Diversion,
            ["hospitals"] = JsonSerializer.SerializeToNode(choice.Hospitals, JsonSerializerOptions.Web),
        };
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Reroute {DispatchProposals.Local(crew.Id)} round {blocked.Count} closed road{(blocked.Count == 1 ? "" : "s")}: ");
        summary += toScene is null ? "" : string.Create(CultureInfo.InvariantCulture, $"to {DispatchProposals.Local(call.Id)} in {toScene.EtaSeconds / 60:0.0} min, then ");
        summary += string.Create(CultureInfo.InvariantCulture, $"to {DispatchProposals.Local(hospital.Hospital)} in {route.EtaSeconds / 60:0.0} min");
        if (changed && crew.Hospital is not null) summary += $" (was {DispatchProposals.Local(crew.Hospital)}, now unreachable or not taking patients)";
        return new ActionProposal
        {
            Id = IdFor(crew.Id, call.Id, blocked),
            Type = ActionType,
            Domain = "health",
            Target = crew.Id,
            Summary = summary,
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { [EtaSeconds] = Math.Round(eta, 1) },
            Effect = effect,
            Incident = incident,
            ProposedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    /// <summary>One proposal per crew, call and set of closed roads in its way: the same closures heard again are the same proposal.</summary>
    public static string IdFor(string ambulance, string call, IReadOnlyList<string> blocked)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', blocked.Order(StringComparer.Ordinal))));
        return $"reroute-{DispatchProposals.Local(call)}-{DispatchProposals.Local(ambulance)}-{Convert.ToHexStringLower(hash)[..8]}";
    }

    private static JsonArray Roads(IEnumerable<string> roads) => [.. roads.Select(r => JsonValue.Create(r))];
}
