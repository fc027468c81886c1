using CityMesh.Safety.Gauges;

namespace CityMesh.Safety.Tests;

public sealed class GaugeHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_trend_is_the_least_squares_slope_of_the_window()
    {
        var history = new GaugeHistory(TimeSpan.FromMinutes(30));
        Assert.Null(history.TrendPerHour("fg1"));
        history.Add("fg1", T0, 1.0);
        Assert.Null(history.TrendPerHour("fg1"));
        // 0.6 m/h with noise that cancels: +0.01, -0.01 alternately.
        for (int m = 1; m <= 20; m++) history.Add("fg1", T0.AddMinutes(m), 1.0 + 0.01 * m + (m % 2 == 0 ? 0.01 : -0.01));
        Assert.InRange(history.TrendPerHour("fg1")!.Value, 0.55, 0.65);
        // Readings older than the window go: a flat hour later the trend is flat.
        for (int m = 60; m <= 90; m++) history.Add("fg1", T0.AddMinutes(m), 2.0);
        Assert.Equal(0, history.TrendPerHour("fg1")!.Value, 9);
        // The same time again is taken once.
        history.Add("fg1", T0.AddMinutes(90), 50);
        Assert.Equal(0, history.TrendPerHour("fg1")!.Value, 9);
    }
}
