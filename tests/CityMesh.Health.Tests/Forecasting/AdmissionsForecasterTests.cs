using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Live;
using CityMesh.Health.Forecasting.Models;

namespace CityMesh.Health.Tests.Forecasting;

public sealed class AdmissionsForecasterTests
{
    private const int TrainingDays = 910;

    private static readonly Lazy<(AdmissionsDataSet Set, AdmissionsForecaster Forecaster)> Trained = new(() =>
    {
        var set = AdmissionsDataGenerator.Generate(new AdmissionsDataOptions());
        return (set, AdmissionsForecaster.Train(Window(set.Series, 0, TrainingDays)));
    });

    [Fact]
    public void The_80_percent_intervals_hold_about_80_percent_of_held_out_days()
    {
        // Every held-out origin, each hospital and horizon, through the live API with the last 120 days as history:
        // 2,184 checks of which about 80 % should fall inside. Tolerance ±5 points: the checks are correlated (a
        // wave the model under-forecasts misses several in a row), so the binomial ±1.7 would be too tight.
        var (set, forecaster) = Trained.Value;
        int inside = 0, total = 0;
        for (int origin = TrainingDays; origin + 7 < set.Series.Days; origin += 7)
            foreach (var hospital in forecaster.Forecast(Window(set.Series, origin - 119, origin + 1)))
            {
                int h = set.Series.Hospitals.ToList().IndexOf(hospital.Hospital);
                foreach (var day in hospital.Days)
                {
                    int actual = set.Series.Count(h, origin + day.Horizon);
                    if (actual >= day.Lower80 && actual <= day.Upper80) inside++;
                    total++;
                    Assert.True(day.Lower80 <= day.Admissions && day.Admissions <= day.Upper80);
                }
            }
        Assert.InRange(100.0 * inside / total, 75, 85);
    }

    [Fact]
    public void A_forecast_names_each_hospital_its_dates_and_the_baseline_beside_it()
    {
        var (set, forecaster) = Trained.Value;
        var recent = Window(set.Series, TrainingDays - 150, TrainingDays);
        var answer = forecaster.Forecast(recent);

        Assert.Equal(set.Series.Hospitals, answer.Select(a => a.Hospital));
        var first = answer[0];
        Assert.Equal(recent.LastDay, first.Origin);
        Assert.Equal(RecentLevelRidge.ModelName, first.Model);
        Assert.Equal(Enumerable.Range(1, 7), first.Days.Select(d => d.Horizon));
        Assert.Equal(Enumerable.Range(1, 7).Select(k => recent.LastDay.AddDays(k)), first.Days.Select(d => d.Date));
        // The baseline beside it is the seasonal naive of the same history; the forecast is the model's on it.
        Assert.Equal(new SeasonalNaive().Predict(recent, 0, recent.Days - 1, 3), first.Days[2].Baseline, 9);
        var features = new OriginFeatures(recent, forecaster.Trained.Model.Calendar);
        Assert.Equal(forecaster.Trained.Model.Predict(features, 0, recent.Days - 1, 3), first.Days[2].Admissions, 9);
    }

    [Fact]
    public void With_the_full_history_window_the_live_forecast_equals_the_evaluation_s()
    {
        // 112 days reach every feature, so a live window of 150 days forecasts as the whole series does.
        var (set, forecaster) = Trained.Value;
        var features = new OriginFeatures(set.Series, forecaster.Trained.Model.Calendar);
        var live = forecaster.Forecast(Window(set.Series, 1000 - 149, 1001));
        for (int h = 0; h < set.Series.Hospitals.Count; h++)
            for (int horizon = 1; horizon <= 7; horizon++)
                Assert.Equal(forecaster.Trained.Model.Predict(features, h, 1000, horizon), live[h].Days[horizon - 1].Admissions, 6);
    }

    [Fact]
    public void Less_than_four_weeks_of_history_is_refused_saying_how_much_is_needed()
    {
        var (set, forecaster) = Trained.Value;
        var e = Assert.Throws<ArgumentException>(() => forecaster.Forecast(Window(set.Series, 0, 20)));
        Assert.Contains("28 days", e.Message);
    }

    [Fact]
    public void Hospitals_with_unequal_histories_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => AdmissionsSeries.FromHospitals(new DateOnly(2026, 1, 5),
            [new("a", new int[30]), new("b", new int[29])]));
        Assert.Contains("same days", e.Message);
    }

    /// <summary>Days [from, to) of every hospital as a history of their own.</summary>
    private static AdmissionsSeries Window(AdmissionsSeries s, int from, int to) => AdmissionsSeries.FromHospitals(s.Date(from),
        s.Hospitals.Select((id, h) => new KeyValuePair<string, IReadOnlyList<int>>(id, Enumerable.Range(from, to - from).Select(d => s.Count(h, d)).ToArray())));
}
