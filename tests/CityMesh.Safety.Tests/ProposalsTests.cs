using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Safety;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Safety.Response;
using CityMesh.Scenarios.Running;

namespace CityMesh.Safety.Tests;

public sealed class ProposalsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly Position Anchor = new(117.0, 36.66);
    private static readonly LocalTangentPlane Plane = new(Anchor.Latitude, Anchor.Longitude);
    private static readonly SafetyOptions Options = new() { ZoneMetres = 500, ProposalLifetime = TimeSpan.FromHours(1) };

    private static FloodedBuilding Home(string id, double x, double y, double people, double? arrival)
    {
        var p = Plane.ToWgs84(x, y);
        return new FloodedBuilding($"urn:ngsi-ld:Building:jinan:{id}", "residential", people, 0.8, arrival, p.Longitude, p.Latitude);
    }

    private static FloodForecast Forecast(IReadOnlyList<FloodedBuilding> buildings, IReadOnlyList<FloodedSite>? sites = null, IReadOnlyList<ForecastRoad>? roads = null) =>
        new("flood-20260701-120000", Now, new FloodAlert("urn:ngsi-ld:FloodGauge:jinan:fg2", FloodAlert.Alert, true, 1.9, 1.5, 2.1, 0.3, Now, Now),
            [new HydrographPoint(0, 700)], roads ?? [], sites ?? [], buildings, buildings.Sum(b => b.People), new Dictionary<string, double>(), "a valley", 1.2);

    private static ShelterState Shelter(string id, double x, double y, double capacity)
    {
        var p = Plane.ToWgs84(x, y);
        return new ShelterState($"urn:ngsi-ld:Shelter:jinan:{id}", $"Shelter {id}", new Position(p.Longitude, p.Latitude), capacity);
    }

    [Fact]
    public void Homes_are_grouped_in_fixed_squares_earliest_water_first_and_workplaces_are_left_out()
    {
        var forecast = Forecast([
            Home("b1", 100, 100, 40, 3000), Home("b2", 400, 300, 60, 1800),  // zone x0 y0: water at 1800 s
            Home("b3", -200, 100, 25, 600),                                  // zone x-1 y0: water first
            Home("b4", 700, 100, 30, null),                                  // zone x1 y0: flooded, never to the closure depth
            new FloodedBuilding("urn:ngsi-ld:Building:jinan:office", "office", 0, 1, 100, Anchor.Longitude, Anchor.Latitude),
        ]);
        var zones = EvacuationProposals.Zones(forecast, Anchor, Options);
        Assert.Equal(["zone x-1 y0", "zone x0 y0", "zone x1 y0"], zones.Select(z => z.Name));
        Assert.Equal(Now.AddSeconds(600), zones[0].WaterArrives);
        Assert.Equal((100.0, 2, Now.AddSeconds(1800)), (zones[1].People, zones[1].Buildings.Count, zones[1].WaterArrives!.Value));
        Assert.Null(zones[2].WaterArrives);
    }

    [Fact]
    public void The_shelter_is_the_nearest_dry_one_with_room_else_the_nearest_dry_one()
    {
        var zone = EvacuationProposals.Zones(Forecast([Home("b1", 0, 0, 300, 900)]), Anchor, Options).Single();
        var near = Shelter("near", 200, 0, 1000);
        var flooded = Shelter("flooded", 50, 0, 5000);
        var far = Shelter("far", 3000, 0, 2000);
        var forecast = Forecast(zone.Buildings, [new FloodedSite(flooded.Id, flooded.Name, EntityTypes.Shelter, 0.5, 300)]);
        var sent = new Dictionary<string, double>();
        Assert.Equal(near.Id, EvacuationProposals.Choose(zone, [near, flooded, far], forecast, sent)!.Shelter.Id);
        sent[near.Id] = 800; // 200 places left: not enough for 300 people
        var choice = EvacuationProposals.Choose(zone, [near, flooded, far], forecast, sent)!;
        Assert.Equal((far.Id, 2000.0), (choice.Shelter.Id, choice.Room));
        sent[far.Id] = 2000;
        var full = EvacuationProposals.Choose(zone, [near, flooded, far], forecast, sent)!;
        Assert.Equal(near.Id, full.Shelter.Id); // none has room: the nearest dry one, with its shortfall in the evidence
        var proposal = EvacuationProposals.Create(forecast, zone, full, Now, Options);
        var evidence = proposal.Evidence.GetProperty("shelter");
        Assert.Equal(100, evidence.GetProperty("shortfall").GetDouble());
        Assert.Contains("(1 home, 300 people)", proposal.Summary);
        Assert.Contains("100 more than it has room for", proposal.Summary);
        Assert.Null(EvacuationProposals.Choose(zone, [flooded], forecast, sent));
    }

    [Fact]
    public void An_evacuation_orders_every_home_of_the_zone_to_its_shelter_and_a_closure_closes_every_road()
    {
        var forecast = Forecast([Home("b1", 0, 0, 30, 900), Home("b2", 100, 0, 20, 1200)],
            roads: [new ForecastRoad("urn:ngsi-ld:RoadSegment:jinan:road_1", "Jingshi Road", Now.AddMinutes(40), 0.9),
                    new ForecastRoad("urn:ngsi-ld:RoadSegment:jinan:road_2", "Lishan Road", Now.AddMinutes(15), 0.4)]);
        var zone = EvacuationProposals.Zones(forecast, Anchor, Options).Single();
        var shelter = Shelter("sh1", 300, 0, 500);
        var evacuation = EvacuationProposals.Create(forecast, zone, EvacuationProposals.Choose(zone, [shelter], forecast, new Dictionary<string, double>()), Now, Options);
        Assert.Equal(("safety.evacuation", "safety", forecast.Trigger.Gauge), (evacuation.Type, evacuation.Domain, evacuation.Target));
        Assert.Equal(50, evacuation.Measures["people"]);
        Assert.Equal(2, evacuation.Effect.Count);
        Assert.All(evacuation.Effect, patch =>
        {
            Assert.Equal("ordered", patch.Attributes.GetProperty("evacuationStatus").GetProperty("value").GetString());
            Assert.Equal(shelter.Id, patch.Attributes.GetProperty("refShelter").GetProperty("object").GetString());
        });
        Assert.Contains("before the water arrives at 12:15", evacuation.Summary);
        Assert.Equal(Now + Options.ProposalLifetime, evacuation.ExpiresAt);

        var closure = ClosureProposals.Create(forecast, forecast.RoadsCut, Now, Options);
        Assert.Equal(("safety.road-closure", 2.0), (closure.Type, closure.Measures["roadsClosed"]));
        Assert.Equal(forecast.RoadsCut.Select(r => r.Id).Order(), closure.Effect.Select(p => p.EntityId).Order());
        Assert.All(closure.Effect, patch => Assert.Equal("closed", patch.Attributes.GetProperty("status").GetProperty("value").GetString()));
        // Earliest cut first in the evidence and the summary.
        Assert.Equal("urn:ngsi-ld:RoadSegment:jinan:road_2", closure.Evidence.GetProperty("roads")[0].GetProperty("id").GetString());
        Assert.Contains("first cut Lishan Road at 12:15", closure.Summary);
        Assert.Equal(forecast.MapUrl, closure.Evidence.GetProperty("forecast").GetProperty("mapUrl").GetString());
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosureProposals.Create(forecast, [], Now, Options));
    }

    [Fact]
    public void Idle_defences_are_proposed_when_the_forecast_says_they_save_roads_or_people_and_not_otherwise()
    {
        string barrier = "urn:ngsi-ld:FloodBarrier:jinan:fb1", pump = "urn:ngsi-ld:DrainagePump:jinan:dp1";
        var forecast = Forecast([Home("b1", 100, 100, 40, 1800)]) with
        {
            Kpis = new Dictionary<string, double> { [FloodRunner.RoadsCut] = 10, [FloodRunner.PeopleAffected] = 400 },
            WithAllDefences = new Dictionary<string, double> { [FloodRunner.RoadsCut] = 7, [FloodRunner.PeopleAffected] = 400 },
        };
        var proposal = DefenceProposals.Create(forecast, [barrier, pump], Now, Options);
        Assert.NotNull(proposal);
        Assert.Equal((DefenceProposals.ActionType, 3.0, 0.0), (proposal.Type, proposal.Measures["roadsSaved"], proposal.Measures["peopleSaved"]));
        Assert.Equal("Deploy 1 flood barrier and start 1 pump: the forecast cuts 3 fewer roads (7 of 10) and floods 0 fewer people (400 of 400)", proposal.Summary);
        Assert.Equal([(barrier, "deployed"), (pump, "running")],
            proposal.Effect.Select(p => (p.EntityId, p.Attributes.GetProperty("status").GetProperty("value").GetString())));
        Assert.Equal(Now + Options.ProposalLifetime, proposal.ExpiresAt);

        // Nothing saved, or nothing idle: nothing to propose.
        var useless = forecast with { WithAllDefences = forecast.Kpis };
        Assert.Null(DefenceProposals.Create(useless, [barrier, pump], Now, Options));
        Assert.Null(DefenceProposals.Create(forecast, [], Now, Options));
        Assert.Null(DefenceProposals.Create(forecast with { WithAllDefences = null }, [barrier], Now, Options));
    }

    [Fact]
    public void An_evacuation_carries_its_simulation_when_it_ran_and_says_what_it_found()
    {
        var forecast = Forecast([Home("b1", 100, 100, 40, 1800)]);
        var zone = Assert.Single(EvacuationProposals.Zones(forecast, Anchor, Options));
        var without = EvacuationProposals.Create(forecast, zone, null, Now, Options);
        Assert.Equal(JsonValueKind.Null, without.Evidence.GetProperty("evacuation").ValueKind);
        Assert.DoesNotContain("simulated", without.Summary);

        var simulated = forecast with
        {
            Evacuation = new Dictionary<string, double>
            {
                [EvacuationRunner.PeopleInZone] = 1200, [EvacuationRunner.ShareSheltered] = 37.5, [EvacuationRunner.Clearance90] = 41.2,
                [EvacuationRunner.PeopleUnsheltered] = 700,
            },
        };
        var with = EvacuationProposals.Create(simulated, zone, null, Now, Options);
        var evidence = with.Evidence.GetProperty("evacuation");
        Assert.Equal(1200, evidence.GetProperty("kpis").GetProperty("peopleInZone").GetDouble());
        Assert.Equal("/safety/forecasts/flood-20260701-120000/evacuation.html", evidence.GetProperty("reportUrl").GetString());
        Assert.EndsWith("; simulated, the whole flooded area (1,200 people) walking to the nearest shelters with room: 37.5 % sheltered, 90 % in by 41 min, 700 with no place", with.Summary);
    }
}
