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

    private static Dictionary<string, double> Levels(TelemetrySimulatorModel model, TelemetrySimulatorRoster roster, DateTimeOffset at) =>
        model.Sample(roster, at).Single(b => b.Gateway == TelemetrySimulatorModel.WaterGateway).Readings
            .Where(r => r.Attribute == "waterLevel").ToDictionary(r => r.EntityId, r => r.Number);
}
