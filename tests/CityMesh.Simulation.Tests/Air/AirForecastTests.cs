using CityMesh.Simulation.Air.Data;
using CityMesh.Simulation.Air.Evaluation;
using CityMesh.Simulation.Air.Forecast;

namespace CityMesh.Simulation.Tests.Air;

public sealed class AirForecastTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));

    private static double Profile(DateTimeOffset at) => 30 + 15 * Math.Sin(2 * Math.PI * at.Hour / 24.0) + (at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -5 : 0);

    [Fact]
    public void A_series_that_is_only_its_daily_profile_is_forecast_exactly()
    {
        var hours = 21 * 24;
        var series = Enumerable.Range(0, hours).Select(t => Profile(T0.AddHours(t))).ToArray();
        var model = AirForecastModel.Train(T0, series);
        var latest = T0.AddHours(hours - 1);
        var forecast = model.Forecast(latest, series.AsSpan(hours - 48));
        for (var h = 1; h <= 6; h++) Assert.Equal(Profile(latest.AddHours(h)), forecast[h - 1], 1e-6); // to rounding
    }

    [Fact]
    public void A_weather_spell_fades_as_the_optimal_predictor_of_its_AR_process_does()
    {
        // Deviations on the log scale follow AR(1) with φ = 0.9, so the best forecast of the deviation h hours ahead is
        // 0.9^h × the deviation now. Trained on 100 days, on 20 more the model's predicted deviation must stay within
        // 0.05 of that on average (the profile and the coefficients are estimates from autocorrelated data: about 0.03
        // of error is expected), and well within persistence's distance from it, (1 − 0.9^h) × |deviation|.
        var random = new Random(4);
        var hours = 120 * 24;
        var deviation = new double[hours];
        var series = new double[hours];
        for (var t = 0; t < hours; t++)
        {
            deviation[t] = (t == 0 ? 0 : 0.9 * deviation[t - 1]) + 0.2 * (random.NextDouble() * 2 - 1) * Math.Sqrt(3);
            series[t] = Profile(T0.AddHours(t)) * Math.Exp(deviation[t]);
        }
        var training = 100 * 24;
        var model = AirForecastModel.Train(T0, series.AsSpan(0, training));
        var gap = new double[6];
        var persistence = new double[6];
        var n = 0;
        for (var t = training; t < hours - 6; t++, n++)
        {
            var latest = T0.AddHours(t);
            var forecast = model.Forecast(latest, series.AsSpan(t - 47, 48));
            for (var h = 1; h <= 6; h++)
            {
                gap[h - 1] += Math.Abs(Math.Log(forecast[h - 1] / Profile(latest.AddHours(h))) - Math.Pow(0.9, h) * deviation[t]);
                persistence[h - 1] += Math.Abs((1 - Math.Pow(0.9, h)) * deviation[t]);
            }
        }
        for (var h = 1; h <= 6; h++) Assert.True(gap[h - 1] / n < 0.05, $"{h} h ahead: mean gap {gap[h - 1] / n:F4}");
        for (var h = 3; h <= 6; h++) Assert.True(gap[h - 1] < persistence[h - 1] / 2, $"{h} h ahead: gap {gap[h - 1] / n:F4}, persistence's {persistence[h - 1] / n:F4}");
    }

    [Fact]
    public void A_missing_last_hour_still_gives_a_forecast_and_too_little_history_is_refused()
    {
        var series = Enumerable.Range(0, 14 * 24).Select(t => Profile(T0.AddHours(t))).ToArray();
        var model = AirForecastModel.Train(T0, series);
        var recent = series[^24..].ToArray();
        recent[^1] = double.NaN;
        Assert.All(model.Forecast(T0.AddHours(14 * 24 - 1), recent), v => Assert.True(double.IsFinite(v)));
        var e = Assert.Throws<ArgumentException>(() => AirForecastModel.Train(T0, series.AsSpan(0, 48)));
        Assert.Contains("at least 168", e.Message);
    }

    [Fact]
    public void On_held_out_days_the_model_beats_persistence_at_every_horizon()
    {
        var data = new AirDataset(new AirDatasetOptions { Stations = 6, Days = 28 }, seed: 3);
        var report = ForecastEvaluation.Run(data, testDays: 7);
        Assert.Equal(12, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.True(r.Improvement > 0, r.ToString()));
        Assert.True(report.Passes, string.Join("; ", report.Rows));
    }
}
