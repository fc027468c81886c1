using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Models;
using CityMesh.Simulation.Statistics;

namespace CityMesh.Health.Forecasting.Evaluation;

/// <summary>
/// Trains the model on the first days and scores it and the baseline on the held-out last days: for every horizon h,
/// every test day d is forecast from origin d - h (which may lie in the training days: at that origin they are
/// history), for every hospital. Every horizon scores the same target days, so rows compare.
/// </summary>
public static class AdmissionsEvaluation
{
    /// <summary>The bar: the model's MAE at least this many percent below the baseline's, at every horizon.</summary>
    public const double RequiredGain = 15;

    /// <summary>MAPE counts actuals of at least one admission (a hospital's day with none has no percentage error).</summary>
    public const double MapeFloor = 1;

    /// <param name="expected">The synthetic set's noise-free means (same index as the counts), to report the error floor; null for real history.</param>
    public static AdmissionsEvaluationReport Run(AdmissionsSeries series, int testDays, float[]? expected = null)
    {
        int trainingDays = series.Days - testDays;
        if (testDays < 1 || trainingDays < TrainedAdmissions.MinimumTrainingDays)
            throw new ArgumentOutOfRangeException(nameof(testDays), testDays,
                $"Test days are {testDays}; with {series.Days} days there must be 1 to {series.Days - TrainedAdmissions.MinimumTrainingDays} ({TrainedAdmissions.MinimumTrainingDays} training days at least).");
        var trained = TrainedAdmissions.Train(series, trainingDays);
        var features = new OriginFeatures(series, trained.Model.Calendar);
        var rows = new List<HorizonScore>();
        for (int horizon = 1; horizon <= 7; horizon++)
        {
            var baseline = new ErrorAccumulator(MapeFloor);
            var model = new ErrorAccumulator(MapeFloor);
            var floor = new ErrorAccumulator(MapeFloor);
            long inside = 0, scored = 0;
            var interval = trained.Intervals[horizon - 1];
            for (int day = trainingDays; day < series.Days; day++)
            {
                int origin = day - horizon;
                for (int h = 0; h < series.Hospitals.Count; h++)
                {
                    double actual = series.Count(h, day);
                    double forecast = trained.Model.Predict(features, h, origin, horizon);
                    baseline.Add(trained.Baseline.Predict(series, h, origin, horizon), actual);
                    model.Add(forecast, actual);
                    if (expected is not null) floor.Add(expected[series.Index(h, day)], actual);
                    var (lower, upper) = interval.Around(forecast);
                    if (actual >= lower && actual <= upper) inside++;
                    scored++;
                }
            }
            rows.Add(new HorizonScore(horizon, baseline.Result(), model.Result(), (double)inside / scored, expected is null ? null : floor.Result()));
        }
        return new AdmissionsEvaluationReport(RecentLevelRidge.ModelName, trained.Baseline.Weeks, series.Date(trainingDays), trainingDays, testDays,
            series.Hospitals.Count, rows, RequiredGain);
    }
}
