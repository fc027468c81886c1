using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

/// <summary>
/// The synthetic weather's temperature: warm and cold spells with the configured spread and persistence, the season's
/// cosine, smooth through midnight, its own random stream; and the energy meters' response to it.
/// </summary>
public sealed class WeatherTimelineTests
{
    private static readonly WeatherOptions SpellsOnly = new() { RainProbabilityPerDay = 0, TemperatureSwing = 0, SeasonalSwing = 0, MeanTemperature = 10 };

    /// <summary>Hourly weather from Monday 6 January 2025 (longer than a data set's options allow).</summary>
    private static WeatherTimeline Hourly(int days, int seed, WeatherOptions weather) =>
        new(weather, new TelemetrySynthesisOptions().Start, TimeSpan.FromHours(1), 24 * days, new Random(seed), new GaussianSource(new Random(seed)));

    [Fact]
    public void Spells_have_the_configured_spread_and_day_to_day_persistence()
    {
        // 2,000 days: the standard error of the lag-one correlation is about 0.01, of the spread about 0.1 °C.
        var weather = Hourly(2000, 5, SpellsOnly);
        var noons = Enumerable.Range(0, 2000).Select(d => weather.Temperature[24 * d + 12] - 10).ToArray();
        var mean = noons.Average();
        var sd = Math.Sqrt(noons.Sum(a => (a - mean) * (a - mean)) / (noons.Length - 1));
        var lagOne = Enumerable.Range(1, noons.Length - 1).Sum(d => (noons[d] - mean) * (noons[d - 1] - mean)) / (sd * sd * (noons.Length - 1));
        Assert.InRange(mean, -0.5, 0.5);
        Assert.InRange(sd, 2.7, 3.3);
        Assert.InRange(lagOne, 0.65, 0.75);
    }

    [Fact]
    public void Spells_move_smoothly_through_the_day_with_no_step_at_midnight()
    {
        var weather = Hourly(400, 6, SpellsOnly);
        var steps = Enumerable.Range(1, weather.Temperature.Length - 1).Select(t => Math.Abs(weather.Temperature[t] - weather.Temperature[t - 1])).ToArray();
        // A half-cosine ease changes by at most π/2 × (the day's change) / 24 per hour: well under a degree here,
        // where a step at midnight would be the whole day-to-day change (standard deviation σ√(2(1 − φ)), about 2.3 °C).
        Assert.True(steps.Max() < 1, $"largest hourly change {steps.Max():0.00} °C");
        Assert.True(steps.Average() > 0.02, "the anomaly moves");
    }

    [Fact]
    public void The_season_peaks_on_its_warmest_day_and_bottoms_half_a_year_later()
    {
        var weather = new WeatherOptions { RainProbabilityPerDay = 0, TemperatureSwing = 0, DailyAnomalySigma = 0, MeanTemperature = 15, SeasonalSwing = 14 };
        var timeline = Hourly(366, 1, weather);
        // The series starts on 6 January: noon of day-of-year 200 (19 July) is hour 24 × 194 + 12.
        Assert.Equal(29, timeline.Temperature[24 * 194 + 12], 6);
        Assert.Equal(1, timeline.Temperature.Min(), 2);
        Assert.Equal(15 + 14 * Math.Cos(2 * Math.PI * (6 - 200) / 365.25), timeline.Temperature[12], 6);
    }

    [Fact]
    public void The_spells_draw_from_their_own_stream_so_rain_is_as_before_and_the_seed_repeats_them()
    {
        var options = new TelemetrySynthesisOptions { DurationHours = 24 * 60, IntervalSeconds = 900 };
        var spells = WeatherTimeline.Of(options, 3);
        var calm = WeatherTimeline.Of(options with { Weather = options.Weather with { DailyAnomalySigma = 0 } }, 3);
        Assert.Equal(calm.Rain, spells.Rain);
        Assert.Contains(calm.Rain, r => r > 0);
        Assert.Equal(spells.Temperature, WeatherTimeline.Of(options, 3).Temperature);
        Assert.NotEqual(spells.Temperature, WeatherTimeline.Of(options, 4).Temperature);
        Assert.True(spells.Temperature.Zip(calm.Temperature, (a, b) => Math.Abs(a - b)).Max() > 3);
    }

    [Theory]
    [InlineData(15, 1)]
    [InlineData(18, 1)]
    [InlineData(22, 1)]
    [InlineData(5, 1.2)]    // heating: 10 degrees below 15 °C at 2 % each
    [InlineData(-5, 1.4)]
    [InlineData(30, 1.24)]  // cooling: 8 degrees above 22 °C at 3 % each
    public void Energy_meters_heat_below_15_and_cool_above_22_degrees(double temperature, double factor) =>
        Assert.Equal(factor, CleanSeries.TemperatureFactor(temperature), 9);

    [Fact]
    public void Bad_weather_options_are_named()
    {
        var bad = new TelemetrySynthesisOptions
        {
            Weather = new WeatherOptions { SeasonalSwing = -1, WarmestDayOfYear = 400, DailyAnomalySigma = double.NaN, DailyAnomalyPersistence = 1 },
        };
        Assert.Equal(["weather.seasonalSwing", "weather.warmestDayOfYear", "weather.dailyAnomalySigma", "weather.dailyAnomalyPersistence"],
            bad.Validate().Select(e => e.Field));
    }
}
