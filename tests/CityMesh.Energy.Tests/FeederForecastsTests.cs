using CityMesh.Energy.Forecast;

namespace CityMesh.Energy.Tests;

/// <summary>
/// A feeder's live forecast: "collecting" until two weeks of hours are held; then, on a load that repeats each day of
/// the week exactly, the forecast and the baseline both give the load of the same hours a week before (within 1 %).
/// </summary>
public sealed class FeederForecastsTests
{
    private const string Feeder = "urn:ngsi-ld:Feeder:test:f1";

    private static double Load(DateTimeOffset t) =>
        1000 + 400 * Math.Sin(2 * Math.PI * t.Hour / 24.0) + (t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -200 : 0);

    [Fact]
    public void Collecting_until_two_weeks_then_a_forecast_of_the_weekly_pattern()
    {
        var history = new FeederLoadHistory();
        var forecasts = new FeederForecasts(history);
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
    public void The_hours_a_feeder_is_forecast_over_its_rating_are_named()
    {
        var history = new FeederLoadHistory();
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        for (var t = start; t < start.AddDays(22); t = t.AddMinutes(15)) history.Add(t, [(Feeder, Load(t))]);
        var forecasts = new FeederForecasts(history);
        // Rated 1,300 kVA: the load (600–1,400 kW at 0.95) passes 100 % only near the daily peak, hour 6 of each day.
        var overloads = forecasts.Overloads([(Feeder, 1300)], 100);
        Assert.NotEmpty(overloads);
        Assert.All(overloads, o =>
        {
            Assert.True(o.LoadingPercent > 100, o.ToString());
            Assert.InRange(o.Hour.Hour, 3, 9);
            Assert.Equal(o.LoadKw / 0.95 / 1300 * 100, o.LoadingPercent, 0.1);
        });
        // Rated far above the load, nothing is over.
        Assert.Empty(forecasts.Overloads([(Feeder, 5000)], 100));
    }

    [Fact]
    public void An_unknown_feeder_is_collecting_with_nothing_held()
    {
        var forecast = new FeederForecasts(new FeederLoadHistory()).For("urn:ngsi-ld:Feeder:test:none");
        Assert.Equal(("collecting", 0), (forecast.Status, forecast.HoursHeld));
    }
}
