using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Models;

namespace CityMesh.Health.Forecasting.Live;

/// <summary>
/// Daily emergency admissions per hospital 1–7 days ahead for the health service: pure (no clock, no I/O), so the
/// service decides where history comes from and when to retrain. Train it once, on the city's own history
/// (<see cref="Train"/>) or on the synthetic data set (<see cref="TrainOnSynthetic"/>), then give
/// <see cref="Forecast"/> the latest days of every hospital in the city: the city-wide features are read from
/// the hospitals it is given.
/// </summary>
public sealed class AdmissionsForecaster(TrainedAdmissions trained)
{
    /// <summary>Fewest days of history a forecast needs: the 28-day reference level (and the baseline's four weeks).</summary>
    public const int MinimumHistoryDays = OriginFeatures.ReferenceDays;

    /// <summary>Days of history that use every feature (the twelve weeks before the 28-day reference); fewer still work.</summary>
    public const int FullHistoryDays = OriginFeatures.ReferenceDays + OriginFeatures.LongDays;

    public TrainedAdmissions Trained { get; } = trained;

    /// <summary>Trains on every day of <paramref name="history"/> (at least <see cref="TrainedAdmissions.MinimumTrainingDays"/>).</summary>
    public static AdmissionsForecaster Train(AdmissionsSeries history) => new(TrainedAdmissions.Train(history));

    /// <summary>Trains on the synthetic data set (defaults: 12 hospitals, 156 weeks, seed 42), for a city without history yet.</summary>
    public static AdmissionsForecaster TrainOnSynthetic(AdmissionsDataOptions? options = null) =>
        Train(AdmissionsDataGenerator.Generate(options ?? new AdmissionsDataOptions()).Series);

    /// <summary>Forecasts from the last day of <paramref name="recent"/> (the origin) for days 1 to 7 after it, per hospital.</summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumHistoryDays"/> days.</exception>
    public IReadOnlyList<HospitalAdmissionsForecast> Forecast(AdmissionsSeries recent)
    {
        if (recent.Days < MinimumHistoryDays)
            throw new ArgumentException($"A forecast needs at least {MinimumHistoryDays} days of admissions per hospital; {recent.Days} were given.", nameof(recent));
        var features = new OriginFeatures(recent, Trained.Model.Calendar);
        int origin = recent.Days - 1;
        var answer = new HospitalAdmissionsForecast[recent.Hospitals.Count];
        for (int h = 0; h < answer.Length; h++)
        {
            var days = new DayForecast[7];
            for (int horizon = 1; horizon <= 7; horizon++)
            {
                double forecast = Trained.Model.Predict(features, h, origin, horizon);
                var (lower, upper) = Trained.Intervals[horizon - 1].Around(forecast);
                days[horizon - 1] = new DayForecast(horizon, recent.Date(origin + horizon), forecast,
                    Trained.Baseline.Predict(recent, h, origin, horizon), lower, upper);
            }
            answer[h] = new HospitalAdmissionsForecast(recent.Hospitals[h], recent.LastDay, RecentLevelRidge.ModelName, Trained.Baseline.Weeks, days);
        }
        return answer;
    }
}
