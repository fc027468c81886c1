using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Capacity;
using CityMesh.Health.Surge;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using CityMesh.Simulation.Health;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Health.Tests.HealthEntities;

namespace CityMesh.Health.Tests.Surge;

/// <summary>Surge beds sized by the patient-flow simulation, proposed with their evidence, once per hospital and bed type until decided.</summary>
public sealed class SurgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private sealed class StepClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // h1: 200 general beds, 196 in use and rising 0.5 % an hour; h2: 200 beds, 150 in use.
    private static readonly HealthSnapshot City = HealthSnapshot.From(
    [
        Hospital("h1", 200, 196, 20, 10, Now, road: "r1"),
        Hospital("h2", 200, 150, 20, 10, Now, road: "r2"),
    ], Now);

    private static CapacityAlert Critical(string hospital = "h1", string bedType = BedTypes.General, double? trend = 0.005) =>
        new(Id("Hospital", hospital), CapacityAlert.Occupancy, bedType, CapacityAlert.Critical, true, Now, Now.AddMinutes(-20),
            new CapacityEvidence(200, 196, 0.98, 0.97, TrendPerHour: trend));

    [Fact]
    public void A_full_and_filling_ward_gets_the_smallest_surge_whose_simulated_boarding_meets_the_target()
    {
        var options = new SurgeOptions();
        var plan = SurgePlanner.Plan(City.Hospitals[Id("Hospital", "h1")], BedTypes.General, 0.005, options, seed: 7);

        // 196 + 0.005 × 200 × 24 h = 220 patients' worth of load on 200 beds: without a surge the queue grows all week.
        Assert.Equal(220, plan.ProjectedLoad, 6);
        Assert.Equal(220 / 4.5, plan.AdmissionsPerDay, 2);
        // Steps of 2 % of 200 beds, rounded up to 5: tried in turn until one meets the target.
        Assert.Equal(new[] { 0, 5, 10, 20, 40 }.Take(plan.Candidates.Count), plan.Candidates.Select(c => c.SurgeBeds));
        Assert.True(plan.Candidates[0].MeanBoardingMinutes > 10 * options.TargetBoardingMinutes, $"{plan.Candidates[0].MeanBoardingMinutes} min without a surge");
        Assert.True(plan.MeetsTarget);
        var chosen = plan.Chosen!;
        Assert.InRange(chosen.MeanBoardingMinutes, 0, options.TargetBoardingMinutes);
        // The smallest that meets it: every smaller size tried boards longer than the target.
        Assert.All(plan.Candidates.Where(c => c.SurgeBeds < chosen.SurgeBeds), c => Assert.True(c.MeanBoardingMinutes > options.TargetBoardingMinutes));
        // With fewer beds than the load of 220 the queue grows all week (by the excess inflow, (220 − beds) / 4.5 a day),
        // so the chosen surge covers the load.
        Assert.True(200 + chosen.SurgeBeds >= 220, $"{chosen.SurgeBeds} surge beds");
        // The same seed gives the same plan.
        Assert.Equal(plan.Candidates, SurgePlanner.Plan(City.Hospitals[Id("Hospital", "h1")], BedTypes.General, 0.005, options, seed: 7).Candidates);
    }

    [Fact]
    public void A_ward_with_room_needs_no_surge()
    {
        var plan = SurgePlanner.Plan(City.Hospitals[Id("Hospital", "h2")], BedTypes.General, null, new SurgeOptions(), seed: 7);
        Assert.Null(plan.Chosen);
        Assert.Equal(150, plan.ProjectedLoad);
        // Erlang C for 200 beds at a load of 150: the chance to wait is below 1e-4, so hardly anyone boards.
        Assert.True(ErlangC.WaitingProbability(200, 150 / 4.5, 1 / 4.5) < 1e-4);
        Assert.True(plan.Candidates[0].MeanBoardingMinutes < 1, $"{plan.Candidates[0].MeanBoardingMinutes} min");
    }

    [Fact]
    public void The_proposal_raises_the_hospitals_surge_beds_by_the_chosen_size_with_every_candidate_as_evidence()
    {
        var hospital = City.Hospitals[Id("Hospital", "h1")] with { SurgeBeds = 12 };
        var plan = SurgePlanner.Plan(hospital, BedTypes.General, 0.005, new SurgeOptions(), seed: 7);
        var proposal = SurgeProposals.Create(hospital, Critical(), plan, Now, new SurgeOptions());

        Assert.Equal((SurgeProposals.ActionType, Id("Hospital", "h1")), (proposal.Type, proposal.Target));
        var effect = Assert.Single(proposal.Effect).Attributes;
        Assert.Equal(12 + plan.Chosen!.SurgeBeds, effect.GetProperty("surgeBeds").GetProperty("value").GetInt32());
        Assert.Equal(plan.Chosen.SurgeBeds, proposal.Measures["surgeBedsChange"]);
        Assert.StartsWith($"Open {plan.Chosen.SurgeBeds} surge general beds at h1: 196/200 occupied, 220 projected in 24 h; boarding ", proposal.Summary);
        var evidence = proposal.Evidence.GetProperty("plan");
        Assert.Equal(plan.Candidates.Count, evidence.GetProperty("candidates").GetArrayLength());
        Assert.Equal(0.98, proposal.Evidence.GetProperty("alert").GetProperty("evidence").GetProperty("occupancy").GetDouble());
        Assert.Equal(Now.AddHours(2), proposal.ExpiresAt);

        // With the service's admissions forecast for the hospital, the week ahead is evidence too.
        Assert.False(proposal.Evidence.TryGetProperty("admissionsForecast", out _));
        var week = new CityMesh.Health.Forecasting.Live.HospitalAdmissionsForecast(hospital.Id, new DateOnly(2026, 12, 6), "ridge", 4,
            [.. Enumerable.Range(1, 7).Select(d => new CityMesh.Health.Forecasting.Live.DayForecast(d, new DateOnly(2026, 12, 6).AddDays(d), 60 + d, 58, 50, 75))]);
        var withForecast = SurgeProposals.Create(hospital, Critical(), plan, Now, new SurgeOptions(), week);
        var forecast = withForecast.Evidence.GetProperty("admissionsForecast");
        Assert.Equal(7, forecast.GetProperty("days").GetArrayLength());
        Assert.Equal(67, forecast.GetProperty("days")[6].GetProperty("admissions").GetDouble());
    }

    [Fact]
    public async Task Only_critical_or_trend_alerts_of_general_or_icu_beds_propose_and_only_once_until_decided()
    {
        var bus = new InMemoryEventBus();
        var proposals = new List<ActionProposal>();
        await using var subscription = bus.Subscribe(Topics.ActionsProposed, "test", (e, _) => { lock (proposals) proposals.Add(e.GetData<ActionProposal>()); return Task.CompletedTask; });
        var monitor = new CapacityMonitor(new HealthView(), bus, new HealthOptions(), NullLogger<CapacityMonitor>.Instance);
        var surge = new SurgeService(monitor, bus, new HealthOptions(), new StepClock(), NullLogger<SurgeService>.Instance);

        await surge.OnAlertAsync(Critical() with { Level = CapacityAlert.High }, City, default);
        await surge.OnAlertAsync(Critical(bedType: BedTypes.Paediatric), City, default);
        await surge.OnAlertAsync(Critical() with { Active = false }, City, default);
        await surge.OnAlertAsync(Critical("h2", trend: null), City, default); // room to spare: the simulation says no surge
        Assert.Null(surge.PendingFor(Id("Hospital", "h1"), BedTypes.General));
        Assert.Null(surge.PendingFor(Id("Hospital", "h2"), BedTypes.General));

        await surge.OnAlertAsync(Critical(), City, default);
        await surge.OnAlertAsync(Critical() with { Kind = CapacityAlert.Trend, Level = CapacityAlert.High }, City, default); // pending already
        for (var i = 0; i < 100 && proposals.Count < 1; i++) await Task.Delay(20);
        await Task.Delay(100);
        var only = Assert.Single(proposals);
        Assert.Equal(only.Id, surge.PendingFor(Id("Hospital", "h1"), BedTypes.General));

        // A rejection frees the hospital's bed type for the next alert; an approval keeps it (the surge is open).
        surge.OnDecided(new ActionDecision(only.Id, only.Type, only.Target, ActionStatus.Approved, "duty manager", "open them", Now));
        Assert.Equal(only.Id, surge.PendingFor(Id("Hospital", "h1"), BedTypes.General));
        surge.OnDecided(new ActionDecision(only.Id, only.Type, only.Target, ActionStatus.Rejected, "duty manager", "we can cope", Now));
        Assert.Null(surge.PendingFor(Id("Hospital", "h1"), BedTypes.General));
    }
}
