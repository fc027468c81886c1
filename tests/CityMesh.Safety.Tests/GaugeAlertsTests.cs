using CityMesh.Contracts.Safety;
using CityMesh.Safety;
using CityMesh.Safety.Alerts;
using CityMesh.Safety.Gauges;

namespace CityMesh.Safety.Tests;

public sealed class GaugeAlertsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly GaugeHistory _history = new(TimeSpan.FromMinutes(30));

    private GaugeAlerts Alerts() => new(new SafetyOptions { HysteresisMetres = 0.1 }, _history);

    private SafetySnapshot At(int minute, double level, string id = "fg1")
    {
        _history.Add(id, T0.AddMinutes(minute), level);
        return new SafetySnapshot(new Dictionary<string, GaugeState>
        {
            [id] = new(id, id, null, level, T0.AddMinutes(minute), AlertLevel: 1.5, CriticalLevel: 2.1, Road: null),
        }, new Dictionary<string, ShelterState>());
    }

    [Fact]
    public void A_level_rising_through_both_lines_raises_alert_then_critical_and_clears_only_past_the_hysteresis()
    {
        var alerts = Alerts();
        Assert.Empty(alerts.Observe(At(0, 1.0)));
        var raised = Assert.Single(alerts.Observe(At(1, 1.5)));
        Assert.Equal((FloodAlert.Alert, true, 1.5), (raised.Level, raised.Active, raised.WaterLevel));
        Assert.Equal(30, raised.TrendPerHour!.Value, 9); // 0.5 m in one minute
        var critical = Assert.Single(alerts.Observe(At(2, 2.2)));
        Assert.Equal(FloodAlert.Critical, critical.Level);
        Assert.Equal(raised.Since, critical.Since);
        // Wavering just under the critical line keeps it; under it by more than the hysteresis steps down.
        Assert.Empty(alerts.Observe(At(3, 2.05)));
        Assert.Equal(FloodAlert.Alert, Assert.Single(alerts.Observe(At(4, 1.95))).Level);
        Assert.Empty(alerts.Observe(At(5, 1.45)));
        var cleared = Assert.Single(alerts.Observe(At(6, 1.39)));
        Assert.False(cleared.Active);
        Assert.Equal(T0.AddMinutes(1), cleared.Since);
        Assert.Empty(alerts.Active);
    }

    [Fact]
    public void A_reading_already_judged_is_not_judged_again_and_a_gauge_without_lines_never_alerts()
    {
        var alerts = Alerts();
        var snapshot = At(0, 1.8);
        Assert.Single(alerts.Observe(snapshot));
        Assert.Empty(alerts.Observe(snapshot)); // a re-read of the twin brings the same reading
        var unlined = new SafetySnapshot(new Dictionary<string, GaugeState>
        {
            ["fg9"] = new("fg9", "fg9", null, 99, T0, double.PositiveInfinity, double.PositiveInfinity, null),
        }, new Dictionary<string, ShelterState>());
        Assert.Empty(alerts.Observe(unlined));
    }
}
