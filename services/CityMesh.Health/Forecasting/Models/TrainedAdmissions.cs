using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Forecasting.Models;

/// <summary>The model, the baseline and the model's prediction intervals per horizon (index horizon - 1), fitted on the same days.</summary>
public sealed record TrainedAdmissions(RecentLevelRidge Model, SeasonalNaive Baseline, IReadOnlyList<PredictionInterval> Intervals)
{
    /// <summary>Fewest training days: the 28-day reference plus four weeks of origins to learn from.</summary>
    public const int MinimumTrainingDays = 56;

    /// <param name="trainingDays">Days 0 to trainingDays - 1 are learnt from; by default every day of the series.</param>
    public static TrainedAdmissions Train(AdmissionsSeries series, int? trainingDays = null, double lambda = RecentLevelRidge.DefaultLambda)
    {
        int days = trainingDays ?? series.Days;
        if (days < MinimumTrainingDays || days > series.Days)
            throw new ArgumentOutOfRangeException(nameof(trainingDays), days, $"Training needs {MinimumTrainingDays} to {series.Days} days of the series.");
        var model = RecentLevelRidge.Train(series, days, lambda);
        var features = new OriginFeatures(series, model.Calendar);
        var intervals = new PredictionInterval[7];
        for (int horizon = 1; horizon <= 7; horizon++)
        {
            var residuals = new List<(double, double)>();
            for (int origin = OriginFeatures.ReferenceDays - 1; origin + horizon < days; origin++)
                for (int h = 0; h < series.Hospitals.Count; h++)
                    residuals.Add((model.Predict(features, h, origin, horizon), series.Count(h, origin + horizon)));
            intervals[horizon - 1] = PredictionInterval.Fit(residuals);
        }
        return new TrainedAdmissions(model, new SeasonalNaive(), intervals);
    }
}
