using CityMesh.Health.Forecasting.Data;
using CityMesh.Simulation.Statistics;

namespace CityMesh.Health.Forecasting.Models;

/// <summary>
/// The model: one ridge regression per horizon (direct, not recursive), pooled over hospitals, predicting the
/// target day's calendar-adjusted level relative to the hospital's last 28 days from <see cref="OriginFeatures"/>.
/// Rows are weighted by the hospital's level, so the fit minimises squared error in admissions rather than in
/// percent (a 40-a-day hospital's noisy percentages would otherwise count as much as a 200-a-day one's). With all
/// coefficients 0 the forecast is the weekday-adjusted 28-day mean.
/// </summary>
public sealed class RecentLevelRidge
{
    public const string ModelName = "recent-level-ridge";

    public const double DefaultLambda = 1e-3;

    private readonly double[][] _coefficients;

    public CalendarFactors Calendar { get; }

    private RecentLevelRidge(CalendarFactors calendar, double[][] coefficients) => (Calendar, _coefficients) = (calendar, coefficients);

    /// <summary>Coefficients for horizon 1–7, in <see cref="OriginFeatures"/>' order.</summary>
    public IReadOnlyList<double> Coefficients(int horizon) => _coefficients[horizon - 1];

    /// <summary>Fits on days 0 to trainingDays - 1: every origin from day 27 whose target lies in them.</summary>
    /// <param name="lambda">Ridge penalty per row of unit weight (the bias is not penalised).</param>
    public static RecentLevelRidge Train(AdmissionsSeries series, int trainingDays, double lambda = DefaultLambda)
    {
        var calendar = CalendarFactors.Estimate(series, trainingDays);
        var features = new OriginFeatures(series, calendar);
        double meanLevel = MeanLevel(features, trainingDays);
        var coefficients = new double[7][];
        Span<double> x = stackalloc double[OriginFeatures.Count];
        for (int horizon = 1; horizon <= 7; horizon++)
        {
            var fit = new RidgeRegression(OriginFeatures.Count);
            for (int origin = OriginFeatures.ReferenceDays - 1; origin + horizon < trainingDays; origin++)
                for (int h = 0; h < series.Hospitals.Count; h++)
                {
                    double r = features.Reference(h, origin);
                    if (!(r > 0)) continue;
                    features.Fill(x, h, origin, horizon);
                    double w = Math.Sqrt(r / meanLevel);
                    for (int i = 0; i < x.Length; i++) x[i] *= w;
                    fit.Add(x, w * features.Target(h, origin, horizon));
                }
            if (fit.Rows == 0) throw new ArgumentException($"{trainingDays} training days leave no origin to learn horizon {horizon} from.", nameof(trainingDays));
            coefficients[horizon - 1] = fit.Solve(lambda);
        }
        return new RecentLevelRidge(calendar, coefficients);
    }

    /// <summary>The forecast of a hospital's admissions on day origin + horizon; never below 0.</summary>
    public double Predict(OriginFeatures features, int hospital, int origin, int horizon)
    {
        Span<double> x = stackalloc double[OriginFeatures.Count];
        features.Fill(x, hospital, origin, horizon);
        var beta = _coefficients[horizon - 1];
        double deviation = 0;
        for (int i = 0; i < x.Length; i++) deviation += beta[i] * x[i];
        double r = features.Reference(hospital, origin);
        return r > 0 ? Math.Max(0, features.Factor(origin + horizon) * r * (1 + deviation)) : 0;
    }

    private static double MeanLevel(OriginFeatures features, int trainingDays)
    {
        double sum = 0;
        int n = features.Series.Hospitals.Count;
        for (int h = 0; h < n; h++) sum += features.Mean(h, 0, trainingDays - 1);
        return sum / n > 0 ? sum / n : 1;
    }
}
