using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Health.Tests.HealthEntities;

namespace CityMesh.Health.Tests.Dispatch;

public sealed class DispatchPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Travel times by hand, road to road, seconds; a pair not listed has no route.</summary>
    private sealed class RouteTable(Dictionary<(string, string), double> seconds) : IRouteTimes
    {
        public List<(string From, string To)> Asked { get; } = [];

        public Task<RouteTime> TimeAsync(string fromRoad, string toRoad, DateTimeOffset departAt, CancellationToken ct)
        {
            lock (Asked) Asked.Add((fromRoad, toRoad));
            return Task.FromResult(seconds.TryGetValue((Local(fromRoad), Local(toRoad)), out var eta)
                ? new RouteTime(eta, eta * 12, [fromRoad, toRoad])
                : RouteTime.None($"no path from {fromRoad} to {toRoad}"));
        }

        private static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];
    }

    // The scene is on road "scene". a1 is nearest as the crow flies but across the river (slow); a2 is farther and faster.
    private static readonly RouteTable Routes = new(new()
    {
        [("r-a1", "scene")] = 540, [("r-a2", "scene")] = 300, [("r-a3", "scene")] = 420,
        [("scene", "r-h1")] = 240, [("scene", "r-h2")] = 480,
    });

    private static HealthSnapshot City(int h1GeneralOccupied = 80, string? h1Diversion = null, string a2Status = AmbulanceStatus.Available) => HealthSnapshot.From(
    [
        Hospital("h1", 100, h1GeneralOccupied, 20, 10, Now, road: "r-h1", diversion: h1Diversion, divertUntil: h1Diversion is null ? null : Now.AddHours(2)),
        Hospital("h2", 100, 60, 20, 10, Now, road: "r-h2", lon: 117.05),
        Ambulance("a1", AmbulanceStatus.Available, "r-a1", 117.021, 36.661),
        Ambulance("a2", a2Status, "r-a2", 117.03, 36.67),
        Ambulance("a3", AmbulanceStatus.AtScene, "r-a3", 117.02, 36.66),
        Call("c1", "scene", 117.02, 36.66),
    ], Now);

    private static CallState TheCall(HealthSnapshot city) => city.Calls[Id("EmergencyCall", "c1")];

    [Fact]
    public async Task Sends_the_free_ambulance_with_the_shortest_travel_time_to_the_nearest_hospital_with_beds()
    {
        var city = City();
        var outcome = await DispatchPlanner.PlanAsync(TheCall(city), city, Routes, new DispatchOptions(), Now, default);
        var plan = Assert.IsType<DispatchPlan>(outcome.Plan);
        Assert.Equal(Id("Vehicle", "a2"), plan.Ambulance);
        Assert.Equal(300, plan.ResponseEtaSeconds);
        Assert.Equal(Id("Hospital", "h1"), plan.Hospital);
        Assert.Equal(240, plan.TransportEtaSeconds);
        Assert.Null(plan.Diversion);
        // The busy one was never considered; both free ones were routed, each with its straight-line distance.
        Assert.Equal([Id("Vehicle", "a1"), Id("Vehicle", "a2")], plan.Ambulances.Select(a => a.Ambulance).Order());
        Assert.True(plan.Ambulances.Single(a => a.Ambulance == Id("Vehicle", "a1")).CrowMetres < plan.Ambulances.Single(a => a.Ambulance == Id("Vehicle", "a2")).CrowMetres);
    }

    [Fact]
    public async Task A_place_beside_a_street_is_reached_by_either_direction_of_it()
    {
        // The caller is on the street into the city from its edge: that direction cannot be reached (it starts at the
        // edge), its opposite can. The crew's street only leaves towards the edge: its opposite gets it anywhere.
        var routes = new RouteTable(new() { [("r-a-in", "edge-out")] = 200, [("edge-out", "r-h1")] = 90 });
        var city = HealthSnapshot.From(
        [
            Road("edge-in", "edge", "j1", 117.02, 36.66), Road("edge-out", "j1", "edge", 117.02, 36.66),
            Road("r-a-out", "j2", "edge2", 117.03, 36.67), Road("r-a-in", "edge2", "j2", 117.03, 36.67),
            Hospital("h1", 100, 50, 20, 10, Now, road: "r-h1"),
            Ambulance("a1", AmbulanceStatus.Available, "r-a-out", 117.03, 36.67),
            Call("c1", "edge-in", 117.02, 36.66),
        ], Now);
        Assert.Equal([Id("RoadSegment", "edge-in"), Id("RoadSegment", "edge-out")], city.BothDirections(Id("RoadSegment", "edge-in")));
        var plan = (await DispatchPlanner.PlanAsync(TheCall(city), city, routes, new DispatchOptions(), Now, default)).Plan!;
        Assert.Equal((200, 90), (plan.ResponseEtaSeconds, plan.TransportEtaSeconds));
    }

    [Fact]
    public async Task Diverts_the_patient_when_the_nearest_hospital_is_full_or_diverting_and_says_why()
    {
        var full = City(h1GeneralOccupied: 98);
        var plan = (await DispatchPlanner.PlanAsync(TheCall(full), full, Routes, new DispatchOptions(), Now, default)).Plan!;
        Assert.Equal(Id("Hospital", "h2"), plan.Hospital);
        Assert.Contains("has 2 free general beds (reserve 2)", plan.Diversion);
        Assert.False(plan.Hospitals.Single(h => h.Hospital == Id("Hospital", "h1")).Accepting);

        var diverting = City(h1Diversion: HospitalState.Diverting);
        plan = (await DispatchPlanner.PlanAsync(TheCall(diverting), diverting, Routes, new DispatchOptions(), Now, default)).Plan!;
        Assert.Equal(Id("Hospital", "h2"), plan.Hospital);
        Assert.Contains("is diverting ambulances", plan.Diversion);
        // A diversion that ran out no longer turns ambulances away.
        plan = (await DispatchPlanner.PlanAsync(TheCall(diverting), diverting, Routes, new DispatchOptions(), Now.AddHours(3), default)).Plan!;
        Assert.Equal(Id("Hospital", "h1"), plan.Hospital);
    }

    [Fact]
    public async Task Without_a_free_ambulance_or_a_hospital_able_to_take_the_patient_there_is_no_plan()
    {
        var busy = City(a2Status: AmbulanceStatus.Transporting);
        var excluded = await DispatchPlanner.PlanAsync(TheCall(busy), busy, Routes, new DispatchOptions(), Now, default, new HashSet<string> { Id("Vehicle", "a1") });
        Assert.Null(excluded.Plan);
        Assert.Equal("no ambulance is available", excluded.Refusal);

        var noBeds = HealthSnapshot.From([Hospital("h1", 100, 99, 20, 10, Now, road: "r-h1"), Ambulance("a2", AmbulanceStatus.Available, "r-a2", 117.03, 36.67),
            Call("c1", "scene", 117.02, 36.66)], Now);
        var refused = await DispatchPlanner.PlanAsync(TheCall(noBeds), noBeds, Routes, new DispatchOptions(), Now, default);
        Assert.Contains("no emergency department can take a patient needing a general bed", refused.Refusal);
    }

    [Fact]
    public async Task The_proposal_patches_the_ambulance_and_the_call_and_carries_every_option_as_evidence()
    {
        var city = City(h1GeneralOccupied: 98);
        var plan = (await DispatchPlanner.PlanAsync(TheCall(city), city, Routes, new DispatchOptions(), Now, default)).Plan!;
        var proposal = DispatchProposals.Create(plan, Now, TimeSpan.FromMinutes(2));
        Assert.Equal(("health.ambulance-dispatch", "health", Id("Vehicle", "a2")), (proposal.Type, proposal.Domain, proposal.Target));
        Assert.Equal(Now.AddMinutes(2), proposal.ExpiresAt);
        Assert.Equal("Send a2 to c1 (5.0 min), then to h2 (8.0 min); not the nearest hospital: h1, nearest by 4.0 min, has 2 free general beds (reserve 2)", proposal.Summary);
        var vehicle = proposal.Effect[0];
        Assert.Equal(Id("Vehicle", "a2"), vehicle.EntityId);
        Assert.Equal("dispatched", vehicle.Attributes.GetProperty("emergencyStatus").GetProperty("value").GetString());
        Assert.Equal(Id("EmergencyCall", "c1"), vehicle.Attributes.GetProperty("refEmergencyCall").GetProperty("object").GetString());
        Assert.Equal(Id("Hospital", "h2"), vehicle.Attributes.GetProperty("refHospital").GetProperty("object").GetString());
        var call = proposal.Effect[1];
        Assert.Equal(Id("Vehicle", "a2"), call.Attributes.GetProperty("refVehicle").GetProperty("object").GetString());
        Assert.Equal(2, proposal.Evidence.GetProperty("hospitals").GetArrayLength());
        Assert.Equal(300, proposal.Measures[DispatchProposals.ResponseEta]);
    }

    [Fact]
    public async Task Dispatch_proposes_once_per_call_and_after_a_rejection_offers_another_ambulance()
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        await using var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        var options = new HealthOptions();
        var dispatch = new DispatchService(new HealthView(), Routes, bus, options, TimeProvider.System, NullLogger<DispatchService>.Instance);
        var city = City();

        await dispatch.DispatchWaitingAsync(city, default);
        await dispatch.DispatchWaitingAsync(city, default);
        await WaitForAsync(() => proposals.Count >= 1);
        var first = Assert.Single(proposals);
        Assert.Equal(Id("Vehicle", "a2"), first.Target);
        Assert.Equal(first.Id, dispatch.StateOf(Id("EmergencyCall", "c1")).Proposal);
        // A restarted service, which forgot what waits, proposes the same plan under the same id: governance ignores it.
        var restarted = new DispatchService(new HealthView(), Routes, bus, options, TimeProvider.System, NullLogger<DispatchService>.Instance);
        await restarted.DispatchWaitingAsync(city, default);
        await WaitForAsync(() => proposals.Count >= 2);
        Assert.Equal(first.Id, proposals[1].Id);
        proposals.RemoveAt(1);

        dispatch.OnDecided(new ActionDecision(first.Id, first.Type, first.Target, ActionStatus.Rejected, "dispatcher", "crew on a break", Now));
        await dispatch.DispatchWaitingAsync(city, default);
        await WaitForAsync(() => proposals.Count >= 2);
        Assert.Equal(Id("Vehicle", "a1"), proposals[1].Target);
        Assert.NotEqual(first.Id, proposals[1].Id);

        // Executed: the call is not planned again while the view still shows it received.
        dispatch.OnDecided(new ActionDecision(proposals[1].Id, proposals[1].Type, proposals[1].Target, ActionStatus.Executed, "service:governance", null, Now));
        await dispatch.DispatchWaitingAsync(city, default);
        await Task.Delay(100);
        Assert.Equal(2, proposals.Count);
    }

    [Fact]
    public async Task A_proposal_whose_decision_never_comes_stops_holding_the_call()
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        await using var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        var clock = new StepClock { Now = Now };
        var dispatch = new DispatchService(new HealthView(), Routes, bus, new HealthOptions(), clock, NullLogger<DispatchService>.Instance);
        await dispatch.DispatchWaitingAsync(City(), default);
        await WaitForAsync(() => proposals.Count == 1);
        // Within its lifetime and the grace after it, the call stays with its proposal.
        clock.Now += new DispatchOptions().ProposalLifetime + DispatchService.DecisionGrace - TimeSpan.FromSeconds(1);
        await dispatch.DispatchWaitingAsync(City(), default);
        Assert.Equal(proposals[0].Id, dispatch.StateOf(Id("EmergencyCall", "c1")).Proposal);
        // After it, the call is planned again without that crew.
        clock.Now += TimeSpan.FromSeconds(2);
        await dispatch.DispatchWaitingAsync(City(), default);
        await WaitForAsync(() => proposals.Count == 2);
        Assert.Equal(Id("Vehicle", "a1"), proposals[1].Target);
    }

    private sealed class StepClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}
