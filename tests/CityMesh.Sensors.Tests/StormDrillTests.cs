using CityMesh.Sensors;

namespace CityMesh.Sensors.Tests;

public sealed class StormDrillTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rain_rises_in_a_line_holds_at_the_peak_and_falls_as_it_rose()
    {
        var storm = new StormDrill(Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60), 1.5);
        Assert.Equal(Start.AddMinutes(80), storm.End);
        Assert.Equal(0, storm.RainAt(Start.AddMinutes(-1)));
        Assert.Equal(0.75, storm.RainAt(Start.AddMinutes(5)), 12);
        Assert.Equal(1.5, storm.RainAt(Start.AddMinutes(10)), 12);
        Assert.Equal(1.5, storm.RainAt(Start.AddMinutes(69)), 12);
        Assert.Equal(0.3, storm.RainAt(Start.AddMinutes(78)), 12);
        Assert.Equal(0, storm.RainAt(storm.End));
    }

    [Fact]
    public void During_a_drill_every_flood_gauge_passes_its_alert_line_and_after_it_they_fall_back()
    {
        var model = new TelemetrySimulatorModel(42, TimeSpan.FromHours(8));
        var gauges = Enumerable.Range(1, 6).Select(i => new FloodGaugeSensor($"urn:ngsi-ld:FloodGauge:t:fg{i}", 1.2 + 0.1 * i)).ToList();
        var roster = new TelemetrySimulatorRoster([], [], [], [], [], gauges, [], [], [], [], RoadGraph.Empty);
        model.Storm = new StormDrill(Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60), 1.5);
        var during = Levels(model, roster, Start.AddMinutes(30));
        Assert.All(gauges, g => Assert.True(during[g.Id] > g.AlertLevel, $"{g.Id}: {during[g.Id]} at alert line {g.AlertLevel}"));
        model.Storm = null;
        var after = Levels(model, roster, Start.AddMinutes(30));
        Assert.All(gauges, g => Assert.True(after[g.Id] < during[g.Id], g.Id));
    }

    [Fact]
    public void The_rain_gauges_report_the_drills_rain_in_millimetres_per_hour()
    {
        var model = new TelemetrySimulatorModel(42, TimeSpan.FromHours(8));
        var roster = new TelemetrySimulatorRoster([], [], [], [], [], [], [], [], [], [], RoadGraph.Empty)
        {
            RainGauges = ["urn:ngsi-ld:WeatherObserved:t:rg1", "urn:ngsi-ld:WeatherObserved:t:rg2", "urn:ngsi-ld:WeatherObserved:t:rg3"],
        };
        Assert.Equal(3, roster.SensorCount);
        model.Storm = new StormDrill(Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60), 1.5);
        var rain = Rain(model, roster, Start.AddMinutes(30));
        // 1.5 on the model's scale is 37.5 mm/h; each gauge within ±10 % of it, and not all alike.
        Assert.Equal(roster.RainGauges.Order(), rain.Keys.Order());
        Assert.All(rain.Values, mm => Assert.InRange(mm, 1.5 * TelemetrySimulatorModel.RainAtOne * 0.9, 1.5 * TelemetrySimulatorModel.RainAtOne * 1.1));
        Assert.True(rain.Values.Distinct().Count() > 1, string.Join(", ", rain.Values));
        // At the storm's edge the rain is a fifth of its peak (0.3 on the scale), unless the simulator's own shower is heavier.
        Assert.All(Rain(model, roster, Start.AddMinutes(78)).Values, mm => Assert.InRange(mm, 0.3 * TelemetrySimulatorModel.RainAtOne * 0.9, 1.1 * TelemetrySimulatorModel.RainAtOne * 1.1));
    }

    private static Dictionary<string, double> Rain(TelemetrySimulatorModel model, TelemetrySimulatorRoster roster, DateTimeOffset at) =>
        model.Sample(roster, at).Single(b => b.Gateway == TelemetrySimulatorModel.WaterGateway).Readings
            .Where(r => r.Attribute == "precipitation").ToDictionary(r => r.EntityId, r => r.Number);

    private static Dictionary<string, double> Levels(TelemetrySimulatorModel model, TelemetrySimulatorRoster roster, DateTimeOffset at) =>
        model.Sample(roster, at).Single(b => b.Gateway == TelemetrySimulatorModel.WaterGateway).Readings
            .Where(r => r.Attribute == "waterLevel").ToDictionary(r => r.EntityId, r => r.Number);
}
