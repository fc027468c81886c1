using System.Globalization;
using System.Text.Json;
using CityMesh.Safety.Air;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Safety.Tests;

/// <summary>
/// Each station's live forecast from the monitor's hourly means: collecting until it holds a week of hours, then six
/// hours ahead on the city's clock; on a station whose NO2 follows a daily cycle (a rush-hour peak) with noise, the
/// forecast six hours ahead is nearer the truth than persistence (the last hour's mean, the baseline it must beat).
/// </summary>
public sealed class AirForecastsTests
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, Offset);

    /// <summary>The true NO2 at a moment: 25 µg/m³ at night rising to about 65 at the 08:00 and 18:00 rushes.</summary>
    private static double Truth(DateTimeOffset at)
    {
        double h = at.ToOffset(Offset).TimeOfDay.TotalHours;
        return 25 + 40 * Math.Exp(-Math.Pow(h - 8, 2) / 4) + 35 * Math.Exp(-Math.Pow(h - 18, 2) / 4);
    }

    private static JsonElement Reading(double no2, DateTimeOffset at) => JsonDocument.Parse($$$"""
        {"id": "urn:ngsi-ld:AirQualityObserved:test:s1", "type": "AirQualityObserved", "name": {"type": "Property", "value": "School street"},
         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [117.0, 36.66]}},
         "no2": {"type": "Property", "value": {{{no2.ToString("R", CultureInfo.InvariantCulture)}}}, "observedAt": "{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}"}}
        """).RootElement.Clone();

    /// <summary>A reading every 20 minutes from T0 to T0 + <paramref name="hours"/> (both included), the truth with 8 % noise (seeded).</summary>
    private static async Task<AirMonitor> FeedAsync(int hours)
    {
        var monitor = new AirMonitor(null!, new SafetyOptions(), "test", TimeProvider.System, NullLogger<AirMonitor>.Instance);
        var random = new Random(7);
        for (var i = 0; i <= hours * 3; i++)
        {
            var at = T0.AddMinutes(20 * i);
            await monitor.ObserveAsync([Reading(Truth(at) * (1 + 0.08 * (random.NextDouble() * 2 - 1)), at)], CancellationToken.None);
        }
        return monitor;
    }

    [Fact]
    public async Task A_station_collects_until_it_holds_a_week_of_hours()
    {
        var forecasts = new AirForecasts(await FeedAsync(5 * 24), Offset).Now();
        var no2 = Assert.Single(forecasts);
        Assert.Equal(("urn:ngsi-ld:AirQualityObserved:test:s1", "no2", AirForecasts.Collecting), (no2.Station, no2.Pollutant, no2.Status));
        // Five days of complete hours (the reading at the fifth midnight opens the next) of the 168 needed.
        Assert.Equal((120, 168), (no2.HoursHeld, no2.HoursNeeded));
        Assert.Empty(no2.Hours);
        Assert.NotNull(no2.Persistence);
    }

    [Fact]
    public async Task Six_hours_ahead_the_forecast_beats_persistence_on_a_daily_cycle()
    {
        // Nine days and two hours: the forecast is made at 02:00, before the morning rush persistence cannot see coming.
        var monitor = await FeedAsync(9 * 24 + 2);
        var no2 = Assert.Single(new AirForecasts(monitor, Offset).Now("urn:ngsi-ld:AirQualityObserved:test:s1"));
        Assert.Equal(AirForecasts.Ready, no2.Status);
        Assert.Equal(6, no2.Hours.Count);
        Assert.Equal(T0.AddDays(9).AddHours(2), no2.Through);
        Assert.Equal(T0.AddDays(9).AddHours(2), no2.Hours[0].At);
        Assert.Equal(Offset, no2.Hours[0].At.Offset);
        // Each hour's truth is the mean over the hour; persistence says the last hour's mean for every hour ahead.
        double HourTruth(DateTimeOffset start) => Enumerable.Range(0, 60).Average(m => Truth(start.AddMinutes(m)));
        double model = no2.Hours.Average(h => Math.Abs(h.Value - HourTruth(h.At)));
        double persistence = no2.Hours.Average(h => Math.Abs(no2.Persistence!.Value - HourTruth(h.At)));
        Assert.True(model < 0.5 * persistence, $"forecast MAE {model:0.0} µg/m³ against persistence's {persistence:0.0}");
        var six = no2.Hours[^1];
        Assert.InRange(six.Value, 0.8 * HourTruth(six.At), 1.2 * HourTruth(six.At));
        Assert.False(string.IsNullOrEmpty(six.Band));
    }
}
