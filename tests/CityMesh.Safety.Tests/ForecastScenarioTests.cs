using System.Text.Json;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Safety.Tests;

/// <summary>The live forecast's scenario reads the rain gauges and the flood defences the twin holds now.</summary>
public sealed class ForecastScenarioTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly SafetyOptions Options = new() { ForecastHours = 4 };
    private static readonly HydrographPoint[] River = [new(0, 600), new(4, 900)];

    private static JsonElement Entity(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The twin's flood side as its read API returns it (NGSI-LD normalized).</summary>
    private static SafetySnapshot Twin(string barrierStatus = "stowed", string pumpStatus = "standby") => SafetySnapshot.From([
        Entity($$$$"""{"id": "urn:ngsi-ld:WeatherObserved:jinan:rg1", "type": "WeatherObserved", "precipitation": {"type": "Property", "value": 30, "observedAt": "{{{{Now.AddMinutes(-5):O}}}}"}}"""),
        Entity($$$$"""{"id": "urn:ngsi-ld:WeatherObserved:jinan:rg2", "type": "WeatherObserved", "precipitation": {"type": "Property", "value": 20, "observedAt": "{{{{Now.AddMinutes(-10):O}}}}"}}"""),
        // Silent for three hours: a broken gauge's last word is not the rain now.
        Entity($$$$"""{"id": "urn:ngsi-ld:WeatherObserved:jinan:rg3", "type": "WeatherObserved", "precipitation": {"type": "Property", "value": 90, "observedAt": "{{{{Now.AddHours(-3):O}}}}"}}"""),
        Entity($$$$"""
            {"id": "urn:ngsi-ld:FloodBarrier:jinan:fb1", "type": "FloodBarrier", "height": {"type": "Property", "value": 1.2},
             "status": {"type": "Property", "value": "{{{{barrierStatus}}}}"},
             "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[117.01, 36.66], [117.011, 36.66]]}}}
            """),
        // No line: the flood cannot place it, so the forecast leaves it out.
        Entity("""{"id": "urn:ngsi-ld:FloodBarrier:jinan:fb2", "type": "FloodBarrier", "height": {"type": "Property", "value": 1}, "status": {"type": "Property", "value": "stowed"}}"""),
        Entity($$$$"""
            {"id": "urn:ngsi-ld:DrainagePump:jinan:dp1", "type": "DrainagePump", "capacity": {"type": "Property", "value": 1.5},
             "status": {"type": "Property", "value": "{{{{pumpStatus}}}}"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.012, 36.661]}}}
            """),
    ]);

    [Fact]
    public void The_rain_gauges_heard_within_the_hour_set_the_rain_for_half_the_horizon()
    {
        var live = Twin();
        Assert.Equal(25, live.RainNow(Now, ForecastScenario.RainFresh));
        var flood = ForecastScenario.Build("f", "jinan", 42, Options, River, live, Now).Spec.Flood!;
        Assert.Equal([(0.0, 25.0), (2.0, 25.0), (2.25, 0.0)], flood.Rain.Select(p => (p.Hour!.Value, p.MillimetresPerHour!.Value)));
        // Nothing heard: no rain assumed (the river alone), not the stale gauge's 90 mm/h.
        Assert.Empty(ForecastScenario.Build("f", "jinan", 42, Options, River, live, Now.AddHours(4)).Spec.Flood!.Rain);
    }

    [Fact]
    public void Idle_defences_become_the_all_defences_variant_and_those_at_work_are_in_every_run()
    {
        var idle = ForecastScenario.Build("flood-1", "jinan", 42, Options, River, Twin(), Now);
        Assert.Empty(ScenarioValidator.Validate(idle));
        Assert.Empty(idle.Spec.Flood!.Barriers);
        Assert.Empty(idle.Spec.Flood.Pumps);
        var variant = Assert.Single(idle.Spec.Interventions);
        Assert.Equal(ForecastScenario.AllDefences, variant.Name);
        var barrier = Assert.Single(variant.Flood!.Barriers);
        Assert.Equal(("fb1", 1.2), (barrier.Name, barrier.HeightMetres!.Value));
        Assert.Equal([(36.66, 117.01), (36.66, 117.011)], barrier.Line.Select(p => (p.Latitude!.Value, p.Longitude!.Value)));
        var pump = Assert.Single(variant.Flood.Pumps);
        Assert.Equal(("dp1", 1.5, 36.661, 117.012), (pump.Name, pump.CubicMetresPerSecond!.Value, pump.At!.Latitude!.Value, pump.At.Longitude!.Value));

        var atWork = ForecastScenario.Build("flood-2", "jinan", 42, Options, River, Twin("deployed", "running"), Now);
        Assert.Empty(ScenarioValidator.Validate(atWork));
        Assert.Equal(["fb1"], atWork.Spec.Flood!.Barriers.Select(b => b.Name));
        Assert.Equal(["dp1"], atWork.Spec.Flood.Pumps.Select(p => p.Name));
        // fb2 has no line; with everything else at work there is nothing left to try. The forecast says why it left fb2 out.
        Assert.Empty(atWork.Spec.Interventions);
        Assert.Equal(["urn:ngsi-ld:FloodBarrier:jinan:fb2: no line of two points or more"], ForecastScenario.LeftOut(Twin("deployed", "running")));
        var odd = SafetySnapshot.Empty with
        {
            Barriers = [new BarrierState("b", "b", [new(117, 36.6), new(117.001, 36.6)], 50, true)],
            Pumps = [new PumpState("p", "p", new(117, 36.6), 0, true), new PumpState("q", "q", null, 1, false)],
        };
        Assert.Equal(["b: height 50 m, not within [0.1, 20]", "p: capacity 0 m³/s, not within [0.01, 1000]", "q: no location"], ForecastScenario.LeftOut(odd));
    }

    [Fact]
    public void The_evacuation_check_walks_the_forecasts_flooded_homes_to_shelters_with_room_over_the_same_flood()
    {
        var flood = ForecastScenario.Build("flood-3", "jinan", 42, Options, River, Twin("deployed", "running"), Now);
        var evacuation = ForecastScenario.Evacuation(flood, Options);
        Assert.Empty(ScenarioValidator.Validate(evacuation));
        Assert.Equal(("flood-3-evacuation", "evacuation", "jinan"), (evacuation.Metadata.Name, evacuation.Spec.Simulation, evacuation.Spec.City));
        var spec = evacuation.Spec.Evacuation!;
        // The same flood, defences and rain included, and the same depth that makes a home "flooded" in the forecast.
        Assert.Same(flood.Spec.Flood, spec.Flood);
        Assert.Equal(Options.FloodedDepthMetres, spec.Zone!.Flood!.DepthMetres);
        Assert.Equal((Options.ForecastHours, "nearest-with-room", 0.0), (spec.Hours, spec.Assignment, spec.Cars.Share));
    }

    [Fact]
    public void A_gauges_river_in_the_twin_gives_a_terrain_files_inflow_point_and_the_bankfull_discharge()
    {
        var live = SafetySnapshot.From([
            Entity("""{"id": "urn:ngsi-ld:FloodGauge:c:g1", "type": "FloodGauge", "alertLevel": {"type": "Property", "value": 2}, "refRiver": {"type": "Relationship", "object": "urn:ngsi-ld:River:c:xiaoqing"}}"""),
            Entity("""
                {"id": "urn:ngsi-ld:River:c:xiaoqing", "type": "River", "name": {"type": "Property", "value": "Xiaoqing"},
                 "bankfullDischarge": {"type": "Property", "value": 320},
                 "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[116.95, 36.70], [117.0, 36.69], [117.05, 36.68]]}}}
                """),
            Entity("""{"id": "urn:ngsi-ld:FloodGauge:c:g2", "type": "FloodGauge", "alertLevel": {"type": "Property", "value": 2}}"""),
        ]);
        var river = live.RiverOf("urn:ngsi-ld:FloodGauge:c:g1");
        Assert.Equal(("Xiaoqing", 320.0), (river!.Name, river.BankfullDischarge!.Value));
        Assert.Null(live.RiverOf("urn:ngsi-ld:FloodGauge:c:g2"));
        Assert.Equal(320, ForecastScenario.Rating(Options, river).BankfullDischarge);
        Assert.Equal(Options.BankfullDischarge, ForecastScenario.Rating(Options, null).BankfullDischarge);

        // With a DEM the river enters where its course starts, not at the setting's point...
        var dem = Options with { TerrainFile = "/terrain/city.tif", RiverInflowLatitude = 36.6, RiverInflowLongitude = 117.1 };
        var at = ForecastScenario.Build("f", "c", 1, dem, River, live, Now, river).Spec.Flood!.Inflows.Single().At!;
        Assert.Equal((36.70, 116.95), (at.Latitude!.Value, at.Longitude!.Value));
        var setting = ForecastScenario.Build("f", "c", 1, dem, River, live, Now, null).Spec.Flood!.Inflows.Single().At!;
        Assert.Equal((36.6, 117.1), (setting.Latitude!.Value, setting.Longitude!.Value));
        // ...and a generated valley keeps its own river's entry.
        Assert.Null(ForecastScenario.Build("f", "c", 1, Options, River, live, Now, river).Spec.Flood!.Inflows.Single().At);
    }

    [Fact]
    public void A_city_without_rain_gauges_or_defences_forecasts_the_river_alone()
    {
        var scenario = ForecastScenario.Build("f", "jinan", 42, Options, River, SafetySnapshot.Empty, Now);
        Assert.Empty(ScenarioValidator.Validate(scenario));
        Assert.Empty(scenario.Spec.Flood!.Rain);
        Assert.Empty(scenario.Spec.Interventions);
        Assert.Equal([600.0, 900.0], scenario.Spec.Flood.Inflows.Single().Hydrograph.Select(p => p.CubicMetresPerSecond!.Value));
    }
}
