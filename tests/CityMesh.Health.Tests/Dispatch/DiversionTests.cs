using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Capacity;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Health.Tests.HealthEntities;

namespace CityMesh.Health.Tests.Dispatch;

public sealed class DiversionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private sealed class Fixed(Dictionary<(string, string), double> seconds) : IRouteTimes
    {
        public Task<RouteTime> TimeAsync(string fromRoad, string toRoad, DateTimeOffset departAt, CancellationToken ct) =>
            Task.FromResult(seconds.TryGetValue((fromRoad[(fromRoad.LastIndexOf(':') + 1)..], toRoad[(toRoad.LastIndexOf(':') + 1)..]), out var eta)
                ? new RouteTime(eta, eta * 10, [fromRoad, toRoad]) : RouteTime.None("no path"));
    }

    private sealed class StepClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // h1 is full; h2 is near but nearly full too; h3 is farther with room.
    private static readonly HealthSnapshot City = HealthSnapshot.From(
    [
        Hospital("h1", 100, 98, 20, 10, Now, road: "r1"),
        Hospital("h2", 100, 98, 20, 10, Now, road: "r2"),
        Hospital("h3", 100, 60, 20, 10, Now, road: "r3"),
    ], Now);

    private static readonly Fixed Routes = new(new() { [("r1", "r2")] = 180, [("r1", "r3")] = 420 });

    private static CapacityAlert Critical(string bedType = BedTypes.General) => new(Id("Hospital", "h1"), CapacityAlert.Occupancy, bedType, CapacityAlert.Critical,
        true, Now, Now.AddMinutes(-20), new CapacityEvidence(100, 98, 0.98, 0.97));

    [Fact]
    public async Task A_critical_hospital_is_proposed_to_divert_to_the_nearest_that_has_room_for_two_hours()
    {
        var (to, considered) = await DiversionProposals.ChooseAsync(City.Hospitals[Id("Hospital", "h1")], BedTypes.General, City, Routes, new DispatchOptions(), Now, default);
        Assert.Equal(Id("Hospital", "h3"), to!.Hospital);
        Assert.Equal([Id("Hospital", "h2"), Id("Hospital", "h3")], considered.Select(c => c.Hospital));
        Assert.Equal("2 free general beds", considered[0].Problem);

        var proposal = DiversionProposals.Create(City.Hospitals[Id("Hospital", "h1")], Critical(), to, considered, Now, new DispatchOptions());
        Assert.Equal(("health.hospital-diversion", Id("Hospital", "h1")), (proposal.Type, proposal.Target));
        Assert.Equal("Divert ambulances from h1 to h3 for 2 h: general beds 98/100 (98%); h3 has 40 free, 7.0 min away", proposal.Summary);
        var effect = Assert.Single(proposal.Effect).Attributes;
        Assert.Equal("diverting", effect.GetProperty("diversionStatus").GetProperty("value").GetString());
        Assert.Equal(Id("Hospital", "h3"), effect.GetProperty("divertTo").GetProperty("object").GetString());
        Assert.Equal(Now.AddHours(2), DateTimeOffset.Parse(effect.GetProperty("divertUntil").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.98, proposal.Evidence.GetProperty("alert").GetProperty("evidence").GetProperty("occupancy").GetDouble());
        Assert.Equal(Now.AddMinutes(30), proposal.ExpiresAt);
    }

    [Fact]
    public async Task Only_a_critical_general_or_intensive_care_alert_proposes_and_only_once_until_decided()
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        await using var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        var monitor = new CapacityMonitor(new HealthView(), bus, new HealthOptions(), NullLogger<CapacityMonitor>.Instance);
        var diversion = new DiversionService(monitor, Routes, bus, new HealthOptions(), new StepClock(), NullLogger<DiversionService>.Instance);

        await diversion.OnAlertAsync(Critical() with { Level = CapacityAlert.High }, City, default);
        await diversion.OnAlertAsync(Critical(BedTypes.Paediatric), City, default);
        await diversion.OnAlertAsync(Critical() with { Active = false }, City, default);
        Assert.Null(diversion.PendingFor(Id("Hospital", "h1")));

        await diversion.OnAlertAsync(Critical(), City, default);
        await diversion.OnAlertAsync(Critical(BedTypes.Icu), City, default);
        for (var i = 0; i < 100 && proposals.Count < 1; i++) await Task.Delay(20);
        await Task.Delay(100);
        var only = Assert.Single(proposals);
        Assert.Equal(only.Id, diversion.PendingFor(Id("Hospital", "h1")));

        diversion.OnDecided(new ActionDecision(only.Id, only.Type, only.Target, ActionStatus.Rejected, "duty manager", "we can cope", Now));
        Assert.Null(diversion.PendingFor(Id("Hospital", "h1")));
    }

    private static CloudEvent Flood(params string[] hospitals) => CloudEvent.Create("/citymesh/safety", CityMesh.Contracts.Safety.FloodImpact.Type,
        new CityMesh.Contracts.Safety.FloodImpact("fc-7", "urn:ngsi-ld:Incident:test:flood-1", Now,
            [.. hospitals.Select(h => new CityMesh.Contracts.Safety.FloodedAsset(Id("Hospital", h), "Hospital", 0.4, Now.AddMinutes(90)))], []));

    [Fact]
    public async Task A_hospital_a_flood_forecast_reaches_is_diverted_under_the_floods_incident_never_to_another_flooded_one()
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        await using var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        var view = new HealthView();
        var monitor = new CapacityMonitor(view, bus, new HealthOptions(), NullLogger<CapacityMonitor>.Instance);
        var diversion = new DiversionService(monitor, Routes, bus, new HealthOptions(), new StepClock(), NullLogger<DiversionService>.Instance);
        var flooded = new FloodedHospitals(view, diversion, Routes, new HealthOptions(), new StepClock(), NullLogger<FloodedHospitals>.Instance);

        // Before health has read the twin the impact is refused, so the bus retries it rather than it being lost.
        var early = await Assert.ThrowsAsync<InvalidOperationException>(() => flooded.HandleAsync(Flood("h1"), default));
        Assert.Contains("has not read the twin's hospitals yet", early.Message);
        view.Publish(City);

        // h1 and h3 both flooded: h2 has too few beds, h3 is flooded too; nothing to divert to, nothing proposed.
        await flooded.HandleAsync(Flood("h1", "h3"), default);
        Assert.Null(diversion.PendingFor(Id("Hospital", "h1")));

        // Other safety events pass by.
        await flooded.HandleAsync(CloudEvent.Create("/citymesh/safety", "io.citymesh.safety.flood-alert", new { gauge = "g1" }), default);

        await flooded.HandleAsync(Flood("h1"), default);
        for (var i = 0; i < 100 && proposals.Count < 1; i++) await Task.Delay(20);
        var proposal = Assert.Single(proposals);
        Assert.Equal(("health.hospital-diversion", Id("Hospital", "h1"), "urn:ngsi-ld:Incident:test:flood-1"), (proposal.Type, proposal.Target, proposal.Incident));
        Assert.Equal("flood-diversion-h1-fc-7", proposal.Id);
        Assert.Equal("flood-forecast-to-nearest-with-beds", proposal.Model.Name);
        Assert.Equal("Divert ambulances from h1 to h3 for 2 h: flood forecast at it (0.40 m from 10:30); h3 has 40 free, 7.0 min away", proposal.Summary);
        Assert.Equal(Id("Hospital", "h3"), Assert.Single(proposal.Effect).Attributes.GetProperty("divertTo").GetProperty("object").GetString());
        Assert.Equal("fc-7", proposal.Evidence.GetProperty("flood").GetProperty("forecast").GetString());

        // A later forecast of the same flood while the first waits proposes nothing more (one diversion per hospital waits).
        await flooded.HandleAsync(Flood("h1"), default);
        await Task.Delay(100);
        Assert.Single(proposals);
    }
}
