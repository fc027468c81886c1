using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Models;

namespace CityMesh.Health.Tests.Forecasting;

public sealed class RecentLevelRidgeTests
{
    [Fact]
    public void The_calendar_factors_are_learnt_back_from_the_synthetic_data()
    {
        var set = AdmissionsDataGenerator.Generate(new AdmissionsDataOptions());
        var calendar = CalendarFactors.Estimate(set.Series, 910);
        foreach (var day in Enum.GetValues<DayOfWeek>())
            Assert.Equal(WeekdayPattern.Factor(day), calendar.Weekday(day), 0.01);
        Assert.Equal(WeekdayPattern.Holiday, calendar.Holiday, 0.02);
        Assert.Equal(WeekdayPattern.Rebound, calendar.Rebound, 0.02);
    }

    [Fact]
    public void On_a_noiseless_calendar_series_the_model_forecasts_every_day_exactly_and_the_baseline_misses_holidays()
    {
        // 300 admissions a week-average day times the true calendar factor, nothing else: a level the model can
        // learn to within the counts' rounding, including every bank holiday and the day after.
        var first = new DateOnly(2023, 4, 3);
        var counts = Enumerable.Range(0, 700).Select(d => (int)Math.Round(300 * WeekdayPattern.Of(first.AddDays(d)))).ToArray();
        var series = AdmissionsSeries.FromHospitals(first, [new("h1", counts), new("h2", counts)]);
        var trained = TrainedAdmissions.Train(series, 500);
        var features = new OriginFeatures(series, trained.Model.Calendar);
        double worstModel = 0, worstBaseline = 0;
        for (int day = 500; day < 700; day++)
            for (int horizon = 1; horizon <= 7; horizon++)
            {
                worstModel = Math.Max(worstModel, Math.Abs(trained.Model.Predict(features, 0, day - horizon, horizon) - counts[day]));
                worstBaseline = Math.Max(worstBaseline, Math.Abs(trained.Baseline.Predict(series, 0, day - horizon, horizon) - counts[day]));
            }
        Assert.True(worstModel < 1.5, $"the model is {worstModel:F2} admissions off at worst");
        Assert.True(worstBaseline > 50, $"the baseline is {worstBaseline:F2} off at worst (Christmas falls in the held-out days)");
    }

    [Fact]
    public void A_level_held_above_the_last_four_weeks_is_carried_forward()
    {
        // Every hospital steps up 20 % on one day and stays there: four weeks later the baseline still lags, the
        // model (trained on many such steps) does not.
        var first = new DateOnly(2023, 4, 3);
        var hospitals = Enumerable.Range(0, 6).Select(h =>
            new KeyValuePair<string, IReadOnlyList<int>>($"h{h}", Enumerable.Range(0, 800).Select(d =>
                (int)Math.Round((200 + 20 * h) * WeekdayPattern.Of(first.AddDays(d)) * (1 + 0.2 * ((d / 50 + h) % 2)))).ToArray())).ToArray();
        var series = AdmissionsSeries.FromHospitals(first, hospitals);
        var trained = TrainedAdmissions.Train(series, 600);
        var features = new OriginFeatures(series, trained.Model.Calendar);
        double model = 0, baseline = 0;
        for (int day = 600; day < 800; day++)
            for (int h = 0; h < 6; h++)
            {
                model += Math.Abs(trained.Model.Predict(features, h, day - 3, 3) - series.Count(h, day));
                baseline += Math.Abs(trained.Baseline.Predict(series, h, day - 3, 3) - series.Count(h, day));
            }
        Assert.True(model < 0.5 * baseline, $"model MAE {model / 1200:F2}, baseline {baseline / 1200:F2}");
    }
}
