using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Health.Tests.HealthEntities;

namespace CityMesh.Health.Tests.Dispatch;

/// <summary>
/// A crew with a closed road ahead is given a new way, and a new hospital when its own can no longer be reached, under
/// the incident the road was closed for; a closure behind it changes nothing.
/// </summary>
public sealed class CrewReroutesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private const string Flood = "urn:ngsi-ld:Incident:test:flood-1";

    /// <summary>Transport's routing as its network stands: a route by hand per pair of roads (local ids), with the roads it takes.</summary>
    private sealed class Routing : IRouteTimes
    {
        public Dictionary<(string, string), (double Eta, string[] Roads)> Table { get; set; } = [];

        public Task<RouteTime> TimeAsync(string fromRoad, string toRoad, DateTimeOffset departAt, CancellationToken ct) =>
            Task.FromResult(Table.TryGetValue((Local(fromRoad), Local(toRoad)), out var r)
                ? new RouteTime(r.Eta, r.Eta * 12, [.. r.Roads.Select(x => Id("RoadSegment", x))])
                : RouteTime.None($"no path from {fromRoad} to {toRoad}"));

        private static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Transport after the closure: round the flooded "mid" by "detour"; h1's street is closed, so h1 is not reached.</summary>
    private static Routing AfterClosure() => new()
    {
        Table = new()
        {
            [("r-a", "scene")] = (400, ["r-a", "detour", "scene"]),
            [("scene", "r-h2")] = (300, ["scene", "r-h2"]),
        },
    };

    private static HealthSnapshot City(string status, string[] sceneRoute, string[] hospitalRoute, string? crewRoad = "r-a", params string[] closed)
    {
        var roads = new[] { "r-a", "mid", "detour", "scene", "r-h1", "r-h2" }.Select((r, i) =>
        {
            var road = JsonNode.Parse(Road(r, $"j{i}", $"k{i}", 117.02 + i * 0.01, 36.66).GetRawText())!.AsObject();
            if (closed.Contains(r))
            {
                road["status"] = new JsonObject { ["type"] = "Property", ["value"] = "closed" };
                road["refIncident"] = new JsonObject { ["type"] = "Relationship", ["object"] = Flood };
            }
            return JsonSerializer.SerializeToElement(road);
        });
        var crew = JsonNode.Parse(Ambulance("a1", status, crewRoad ?? "r-a", 117.02, 36.66).GetRawText())!.AsObject();
        crew["refEmergencyCall"] = new JsonObject { ["type"] = "Relationship", ["object"] = Id("EmergencyCall", "c1") };
        crew["refHospital"] = new JsonObject { ["type"] = "Relationship", ["object"] = Id("Hospital", "h1") };
        crew[DispatchProposals.SceneRoute] = new JsonObject { ["type"] = "Property", ["value"] = new JsonArray([.. sceneRoute.Select(r => JsonValue.Create(Id("RoadSegment", r)))]) };
        crew[DispatchProposals.HospitalRoute] = new JsonObject { ["type"] = "Property", ["value"] = new JsonArray([.. hospitalRoute.Select(r => JsonValue.Create(Id("RoadSegment", r)))]) };
        return HealthSnapshot.From(
        [
            .. roads,
            Hospital("h1", 100, 50, 20, 10, Now, road: "r-h1"),
            Hospital("h2", 100, 50, 20, 10, Now, road: "r-h2", lon: 117.05),
            JsonSerializer.SerializeToElement(crew),
            Call("c1", "scene", 117.03, 36.66, status: status),
        ], Now);
    }

    private static (CrewReroutes Reroutes, List<ActionProposal> Proposals, IAsyncDisposable Subscription) Start(IRouteTimes routes)
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        return (new CrewReroutes(new HealthView(), routes, bus, new HealthOptions(), new FixedClock(), NullLogger<CrewReroutes>.Instance), proposals, subscription);
    }

    private static async Task<List<ActionProposal>> Settled(List<ActionProposal> proposals, int expected)
    {
        for (var i = 0; i < 100 && proposals.Count < expected; i++) await Task.Delay(20);
        await Task.Delay(50);
        lock (proposals) return [.. proposals];
    }

    [Fact]
    public async Task A_crew_on_its_way_is_sent_round_the_closed_road_and_to_a_hospital_it_can_still_reach_under_the_floods_incident()
    {
        var (reroutes, proposals, subscription) = Start(AfterClosure());
        await using var listening = subscription;
        var city = City(AmbulanceStatus.Dispatched, ["r-a", "mid", "scene"], ["scene", "r-h1"], closed: ["mid", "r-h1"]);

        Assert.Equal(1, await reroutes.RerouteAsync(city, default));
        var proposal = Assert.Single(await Settled(proposals, 1));
        Assert.Equal(RerouteProposals.ActionType, proposal.Type);
        Assert.Equal(Id("Vehicle", "a1"), proposal.Target);
        Assert.Equal(Flood, proposal.Incident);
        Assert.Equal(700, proposal.Measures[RerouteProposals.EtaSeconds]);
        Assert.Equal([Id("RoadSegment", "mid"), Id("RoadSegment", "r-h1")],
            proposal.Evidence.GetProperty("closedRoads").EnumerateArray().Select(r => r.GetProperty("road").GetString()));
        Assert.Contains("(was h1, now unreachable or not taking patients)", proposal.Summary);

        var vehicle = proposal.Effect.Single(p => p.EntityId == Id("Vehicle", "a1")).Attributes;
        Assert.Equal(["r-a", "detour", "scene"], Roads(vehicle, DispatchProposals.SceneRoute));
        Assert.Equal(["scene", "r-h2"], Roads(vehicle, DispatchProposals.HospitalRoute));
        Assert.Equal(Id("Hospital", "h2"), vehicle.GetProperty("refHospital").GetProperty("object").GetString());
        var call = proposal.Effect.Single(p => p.EntityId == Id("EmergencyCall", "c1")).Attributes;
        Assert.Equal(Id("Hospital", "h2"), call.GetProperty("refHospital").GetProperty("object").GetString());

        // One at a time per crew, and the same closures are not proposed again once decided.
        Assert.Equal(0, await reroutes.RerouteAsync(city, default));
        reroutes.OnDecided(new ActionDecision(proposal.Id, proposal.Type, proposal.Target, ActionStatus.Executed, "service:governance", null, Now));
        Assert.Equal(0, await reroutes.RerouteAsync(city, default));
        // The twin written: the new way crosses no closed road, so there is nothing more to do.
        var rerouted = City(AmbulanceStatus.Dispatched, ["r-a", "detour", "scene"], ["scene", "r-h2"], closed: ["mid", "r-h1"]);
        Assert.Equal(0, await reroutes.RerouteAsync(rerouted, default));
    }

    [Fact]
    public async Task A_new_way_is_not_proposed_while_transport_still_routes_across_the_closed_road()
    {
        var lagging = new Routing
        {
            Table = new()
            {
                [("r-a", "scene")] = (250, ["r-a", "mid", "scene"]),
                [("scene", "r-h1")] = (200, ["scene", "r-h1"]),
            },
        };
        var (reroutes, proposals, subscription) = Start(lagging);
        await using var listening = subscription;
        var city = City(AmbulanceStatus.Dispatched, ["r-a", "mid", "scene"], ["scene", "r-h1"], closed: ["mid"]);

        Assert.Equal(0, await reroutes.RerouteAsync(city, default));
        lagging.Table = AfterClosure().Table;
        lagging.Table[("scene", "r-h1")] = (200, ["scene", "r-h1"]);
        Assert.Equal(1, await reroutes.RerouteAsync(city, default));
        var proposal = Assert.Single(await Settled(proposals, 1));
        // Its hospital is still reachable and nearest: the way changes, the hospital does not, and the call is left alone.
        var vehicle = Assert.Single(proposal.Effect).Attributes;
        Assert.Equal(Id("Hospital", "h1"), vehicle.GetProperty("refHospital").GetProperty("object").GetString());
        Assert.Equal(["r-a", "detour", "scene"], Roads(vehicle, DispatchProposals.SceneRoute));
        Assert.DoesNotContain("was h1", proposal.Summary);
    }

    [Fact]
    public async Task A_closure_behind_the_crew_changes_nothing()
    {
        var (reroutes, proposals, subscription) = Start(AfterClosure());
        await using var listening = subscription;
        // At the scene: the way there no longer matters.
        Assert.Equal(0, await reroutes.RerouteAsync(City(AmbulanceStatus.AtScene, ["r-a", "mid", "scene"], ["scene", "r-h2"], closed: ["mid"]), default));
        // Carrying the patient, past the closed road (the crew reported r-h1's predecessor "mid" is behind it).
        Assert.Equal(0, await reroutes.RerouteAsync(City(AmbulanceStatus.Transporting, [], ["scene", "mid", "detour", "r-h2"], crewRoad: "detour", closed: ["mid"]), default));
        // Free crews are not on a call.
        Assert.Equal(0, await reroutes.RerouteAsync(City(AmbulanceStatus.Available, ["r-a", "mid", "scene"], ["scene", "r-h1"], closed: ["mid"]), default));
        Assert.Empty(await Settled(proposals, 0));
        // But a crew at the scene whose hospital road closed goes elsewhere, from the scene.
        Assert.Equal(1, await reroutes.RerouteAsync(City(AmbulanceStatus.AtScene, ["r-a", "mid", "scene"], ["scene", "r-h1"], closed: ["r-h1"]), default));
        var proposal = Assert.Single(await Settled(proposals, 1));
        Assert.Equal(300, proposal.Measures[RerouteProposals.EtaSeconds]);
        Assert.False(proposal.Effect[0].Attributes.TryGetProperty(DispatchProposals.SceneRoute, out _));
    }

    private static string[] Roads(JsonElement attributes, string name) =>
        [.. attributes.GetProperty(name).GetProperty("value").EnumerateArray().Select(r => r.GetString()!).Select(r => r[(r.LastIndexOf(':') + 1)..])];
}
