using CityMesh.Simulation.Energy.Forecast;
using CityMesh.Simulation.Synthetic.Telemetry;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The load forecast and its baselines: exact on series whose answer is known, then scored on held-out weeks of the
/// synthetic meters at the figures the Energy README gives.
/// </summary>
public sealed class LoadForecastTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A weekly cycle with nothing else: every hour of the week its own level, the same each week.</summary>
    private static double WeeklyCycle(int hour) => 1000 + 300 * Math.Sin(2 * Math.PI * hour / 24) + 40 * (hour / 24 % 7) + (hour % 168 == 30 ? 250 : 0);

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(4, true)]
    public void A_seasonal_baseline_is_exact_on_a_pure_weekly_cycle(int weeks, bool median)
    {
        var load = Enumerable.Range(0, 6 * 168).Select(WeeklyCycle).ToArray();
        var history = new HourlyLoad(Monday, load);
        var baseline = new SeasonalNaive(weeks, 24, median);
        Span<double> forecast = stackalloc double[24];
        for (var origin = 4 * 168 - 1; origin < load.Length - 24; origin += 7)
        {
            baseline.Forecast(history, origin, forecast);
            for (var h = 1; h <= 24; h++) Assert.Equal(load[origin + h], forecast[h - 1], 9);
        }
    }

    [Fact]
    public void The_four_week_median_ignores_one_faulty_week_and_the_mean_does_not()
    {
        var load = Enumerable.Range(0, 5 * 168).Select(WeeklyCycle).ToArray();
        load[4 * 168 + 10 - 2 * 168] += 800; // two weeks before the target hour, the meter read 800 kW high
        var history = new HourlyLoad(Monday, load);
        Span<double> forecast = stackalloc double[24];
        new SeasonalNaive(4, 24, median: true).Forecast(history, 4 * 168 - 1, forecast);
        Assert.Equal(load[4 * 168 + 10], forecast[10], 9);
        new SeasonalNaive(4, 24).Forecast(history, 4 * 168 - 1, forecast);
        Assert.Equal(load[4 * 168 + 10] + 200, forecast[10], 9);
    }

    [Fact]
    public void The_model_recovers_a_calendar_and_a_degree_hour_response()
    {
        // ln load = level of the hour and day type + 0.02 per heating degree − 0.01 per cooling degree below 18 °C
        // and above; the temperature wanders from day to day, so the degrees are not the hour in disguise.
        var random = new Random(3);
        var hours = 8 * 168;
        var temperature = new double[hours + 24];
        for (var t = 0; t < temperature.Length; t++) temperature[t] = 14 + 7 * Math.Cos(2 * Math.PI * (t % 24 - 15) / 24) + 6 * Math.Sin(t / 53.0) + random.NextDouble();
        double Truth(int t)
        {
            var weekend = t % 168 >= 120;
            var level = 2000 * (1 + 0.4 * Math.Sin(2 * Math.PI * (t % 24 - 8) / 24)) * (weekend ? 0.8 : 1);
            return level * Math.Exp(0.02 * Math.Max(0, 18 - temperature[t]) - 0.01 * Math.Max(0, temperature[t] - 18));
        }
        var load = Enumerable.Range(0, hours).Select(Truth).ToArray();
        var history = new HourlyLoad(Monday, load, temperature);
        var model = new LoadForecastModel();
        model.Train(history, hours);
        Span<double> forecast = stackalloc double[24];
        model.Forecast(history, hours - 1, forecast);
        // The ridge penalty (λ = 1e-5 per row) is the only bias: well under 0.1 %.
        for (var h = 1; h <= 24; h++) Assert.InRange(forecast[h - 1] / Truth(hours - 1 + h), 0.999, 1.001);
    }

    [Fact]
    public void Hourly_means_need_half_the_hours_readings()
    {
        var samples = new float[24];
        for (var i = 0; i < 12; i++) samples[i] = i < 6 ? 100 : float.NaN;  // hour 0: 6 of 12 read
        for (var i = 12; i < 24; i++) samples[i] = i < 17 ? 200 : float.NaN; // hour 1: 5 of 12 read
        var means = HourlyLoad.Means(Monday, TimeSpan.FromMinutes(5), samples);
        Assert.Equal(100, means[0]);
        Assert.True(double.IsNaN(means[1]));
        var e = Assert.Throws<ArgumentException>(() => HourlyLoad.Means(Monday.AddMinutes(5), TimeSpan.FromMinutes(5), samples));
        Assert.Contains("on the hour", e.Message);
    }

    [Fact]
    public void Bad_options_and_short_histories_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new LoadForecastModel(new LoadForecastOptions { MaxHorizonHours = 0, OutlierSigmas = -1 }));
        Assert.Contains("MaxHorizonHours", e.Message);
        Assert.Contains("OutlierSigmas", e.Message);
        var model = new LoadForecastModel();
        e = Assert.Throws<ArgumentException>(() => model.Train(new HourlyLoad(Monday, new double[240]), 240));
        Assert.Contains("14 days", e.Message);
        Assert.Throws<InvalidOperationException>(() => model.Forecast(new HourlyLoad(Monday, new double[240]), 10, new double[24]));
    }

    /// <summary>
    /// Seed 42, 16 meters, 8 training weeks and 2 held out (the defaults of <c>citymesh eval load</c>): the bar,
    /// MAE at least 15 % below every seasonal baseline at every horizon 1–24, with the data set's own temperature as
    /// the weather forecast. The weather has warm and cold spells and the season moves on (the test weeks are early
    /// March), which a baseline of past weeks cannot know; the model should also stay near the noise-free oracle.
    /// </summary>
    [Fact]
    public void The_forecast_beats_the_seasonal_baselines_on_held_out_weeks()
    {
        var options = LoadForecastEvaluation.DataOptions();
        var series = TelemetryDataset.Generate(options, SensorLayout.Generate(options, 42), 42);
        var report = LoadForecastEvaluation.Run(series, testWeeks: 2);
        foreach (var r in report.Rows)
            output.WriteLine($"{r.Hours,2} h: median {r.MedianMae:0.00} mean {r.MeanMae:0.00} week {r.WeekMae:0.00} model {r.ModelMae:0.00} oracle {r.OracleMae:0.00} kW; gain {r.Improvement:0.0} % (oracle {r.OracleImprovement:0.0} %), vs mean {r.MeanImprovement:0.0} %, vs week {r.WeekImprovement:0.0} %");
        Assert.Equal(Enumerable.Range(1, 24), report.Rows.Select(r => r.Hours));
        Assert.All(report.Rows, r =>
        {
            Assert.True(r.Improvement >= 15, $"{r.Hours} h: {r.Improvement:0.0} % below the four-week median");
            Assert.True(r.MeanImprovement >= 15, $"{r.Hours} h: {r.MeanImprovement:0.0} % below the four-week mean");
            Assert.True(r.WeekImprovement >= 15, $"{r.Hours} h: {r.WeekImprovement:0.0} % below the one-week naive");
            Assert.True(r.AboveOracle <= 5, $"{r.Hours} h: {r.AboveOracle:0.0} % above the oracle's MAE");
            Assert.True(r.Points > 4000, $"{r.Hours} h: {r.Points} scored hours");
        });
        Assert.True(report.Passes);
    }
}
