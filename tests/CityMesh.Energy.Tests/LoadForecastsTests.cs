using CityMesh.Energy.Forecast;

namespace CityMesh.Energy.Tests;

/// <summary>
/// A feeder's (or substation's) live forecast: "collecting" until two weeks of hours are held; then, on a load that repeats each day of
/// the week exactly, the forecast and the baseline both give the load of the same hours a week before (within 1 %).
/// </summary>
public sealed class LoadForecastsTests
{
    private const string Feeder = "urn:ngsi-ld:Feeder:test:f1";

    private static double Load(DateTimeOffset t) =>
        1000 + 400 * Math.Sin(2 * Math.PI * t.Hour / 24.0) + (t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -200 : 0);

    [Fact]
    public void Collecting_until_two_weeks_then_a_forecast_of_the_weekly_pattern()
    {
        var history = new LoadHistory();
        var forecasts = new LoadForecasts(history);
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        // Every 15 minutes of the city's clock, for 6 days: not yet enough.
        var t = start;
        for (; t < start.AddDays(6); t = t.AddMinutes(15)) history.Add(t, [(Feeder, Load(t))]);
        var early = forecasts.For(Feeder);
        Assert.Equal("collecting", early.Status);
        Assert.Equal(6 * 24 - 1, early.HoursHeld);
        Assert.Equal(14 * 24 + 1, early.HoursNeeded);
        Assert.Null(early.LoadKw);

        for (; t < start.AddDays(22); t = t.AddMinutes(15)) history.Add(t, [(Feeder, Load(t))]);
        var forecast = forecasts.For(Feeder);
        Assert.Equal("forecast", forecast.Status);
        Assert.Equal(24, forecast.LoadKw!.Count);
        var origin = forecast.Origin!.Value;
        for (var h = 1; h <= 24; h++)
        {
            var expected = Load(origin.AddHours(h));
            Assert.Equal(expected, forecast.LoadKw[h - 1], expected * 0.01);
            Assert.Equal(expected, forecast.BaselineKw![h - 1]!.Value, expected * 0.01);
        }
    }

    [Fact]
    public void An_unknown_feeder_is_collecting_with_nothing_held()
    {
        var forecast = new LoadForecasts(new LoadHistory()).For("urn:ngsi-ld:Feeder:test:none");
        Assert.Equal(("collecting", 0), (forecast.Status, forecast.HoursHeld));
    }
}
