using CityMesh.Simulation.Air.Alerts;
using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Tests.Air;

/// <summary>
/// Band alerts on the default index (alert band Poor: PM2.5 24-h mean above 37.5, NO2 above 50; Very poor above 50
/// for PM2.5), 10 % margin, 1 h hold, fed every 10 minutes.
/// </summary>
public sealed class AirAlertsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 8, 0, 0, TimeSpan.FromHours(8));

    private static AirAlertChange? Feed(AirAlerts alerts, int minute, double pm25, string station = "s1") =>
        alerts.Update(station, T0.AddMinutes(minute), new Dictionary<string, double> { ["pm25"] = pm25 });

    [Fact]
    public void An_alert_is_raised_when_the_band_reaches_the_alert_band_and_moves_up_at_once()
    {
        var alerts = new AirAlerts(AirIndex.Default);
        Assert.Null(Feed(alerts, 0, 30));
        var raised = Feed(alerts, 10, 40)!;
        Assert.Equal(AirAlertChangeKind.Raised, raised.Kind);
        Assert.Equal(("s1", "pm25", "Poor", 40.0, 24), (raised.Alert.Station, raised.Alert.Pollutant, raised.Alert.BandName, raised.Alert.Value, raised.Alert.AveragingHours));
        Assert.Equal(T0.AddMinutes(10), raised.Alert.Since);
        var moved = Feed(alerts, 20, 60)!;
        Assert.Equal(AirAlertChangeKind.Moved, moved.Kind);
        Assert.Equal("Very poor", moved.Alert.BandName);
        Assert.Equal(3, moved.PreviousBand);
        Assert.Equal(T0.AddMinutes(10), moved.Alert.Since);
        Assert.Equal(T0.AddMinutes(20), moved.Alert.BandSince);
    }

    [Fact]
    public void A_mean_wobbling_at_a_bound_does_not_flap()
    {
        var alerts = new AirAlerts(AirIndex.Default);
        var changes = new List<AirAlertChange>();
        // 37.5 is Poor's lower bound; the wobble never goes 10 % below it (33.75) for long.
        for (var k = 0; k < 60; k++)
            if (Feed(alerts, 10 * k, k % 2 == 0 ? 37.4 : 37.6) is { } c) changes.Add(c);
        Assert.Single(changes);
        Assert.Equal(AirAlertChangeKind.Raised, changes[0].Kind);
        Assert.NotNull(alerts.For("s1"));
    }

    [Fact]
    public void An_alert_clears_only_after_staying_clearly_below_for_the_hold()
    {
        var alerts = new AirAlerts(AirIndex.Default);
        Feed(alerts, 0, 40);
        Assert.Null(Feed(alerts, 10, 30));   // clearly below from 00:10 ...
        Assert.Null(Feed(alerts, 40, 30));
        Assert.Null(Feed(alerts, 50, 36));   // ... but 36 is within the margin: the hold starts again
        Assert.Null(Feed(alerts, 60, 30));
        Assert.Null(Feed(alerts, 110, 30));  // 50 minutes below
        var cleared = Feed(alerts, 120, 30)!; // an hour below
        Assert.Equal(AirAlertChangeKind.Cleared, cleared.Kind);
        Assert.Equal("Poor", cleared.Alert.BandName);
        Assert.Empty(alerts.Active);
    }

    [Fact]
    public void An_alert_moves_down_a_band_after_the_hold_and_stations_are_kept_apart()
    {
        var alerts = new AirAlerts(AirIndex.Default, new AirAlertOptions { Hold = TimeSpan.FromMinutes(30) });
        Feed(alerts, 0, 70);
        Feed(alerts, 0, 20, "s2");
        Assert.Equal("Very poor", alerts.For("s1")!.BandName);
        Assert.Null(Feed(alerts, 10, 40));
        var moved = Feed(alerts, 40, 40)!;
        Assert.Equal(AirAlertChangeKind.Moved, moved.Kind);
        Assert.Equal("Poor", moved.Alert.BandName);
        Assert.Null(alerts.For("s2"));
        Assert.Single(alerts.Active);
    }

    [Fact]
    public void Options_that_do_not_fit_the_index_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new AirAlerts(AirIndex.Default, new AirAlertOptions { AlertBand = "Awful", Margin = 1.5 }));
        Assert.Contains("AlertBand 'Awful'", e.Message);
        Assert.Contains("Margin", e.Message);
    }
}
