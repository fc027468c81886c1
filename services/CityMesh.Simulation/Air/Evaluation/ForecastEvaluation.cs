using CityMesh.Simulation.Air.Data;
using CityMesh.Simulation.Air.Forecast;

namespace CityMesh.Simulation.Air.Evaluation;

/// <summary>MAE of the model and of persistence at one horizon for one pollutant over every station and test hour.</summary>
public sealed record ForecastRow(string Pollutant, int HorizonHours, double ModelMae, double PersistenceMae, long Points)
{
    /// <summary>How much lower the model's MAE is than persistence's, percent.</summary>
    public double Improvement => 100 * (1 - ModelMae / PersistenceMae);
}

/// <summary>
/// The forecast scored on held-out days. The bar: the model's MAE below persistence's at every horizon for every
/// pollutant, and at least <see cref="MinImprovementAtMaxHorizon"/> % below at the longest horizon, where
/// persistence has lost the daily cycle.
/// </summary>
public sealed record ForecastEvaluationReport(int Stations, int TrainingDays, int TestDays, IReadOnlyList<ForecastRow> Rows)
{
    public const double MinImprovementAtMaxHorizon = 20;

    public bool Passes => Rows.All(r => r.Improvement > 0)
        && Rows.Where(r => r.HorizonHours == Rows.Max(x => x.HorizonHours)).All(r => r.Improvement >= MinImprovementAtMaxHorizon);
}

/// <summary>Trains a model per station and pollutant on the first days of an <see cref="AirDataset"/> and forecasts every hour of the rest.</summary>
public static class ForecastEvaluation
{
    public static ForecastEvaluationReport Run(AirDataset data, int testDays, AirForecastOptions? options = null)
    {
        var o = options ?? new AirForecastOptions();
        var trainHours = (data.Options.Days - testDays) * 24;
        if (testDays < 1 || trainHours < o.MinTrainingDays * 24)
            throw new ArgumentException($"testDays {testDays} leaves {trainHours / 24} training days of {data.Options.Days}; at least {o.MinTrainingDays} are needed", nameof(testDays));
        var rows = new List<ForecastRow>();
        foreach (var (pollutant, series) in data.Values)
        {
            var model = new double[o.MaxHorizonHours];
            var persistence = new double[o.MaxHorizonHours];
            var points = new long[o.MaxHorizonHours];
            foreach (var values in series)
            {
                var forecaster = AirForecastModel.Train(data.Start, values.AsSpan(0, trainHours), o);
                for (var t = trainHours - 1; t < data.Hours - 1; t++)
                {
                    // History up to and including hour t, as the service would hold it.
                    var forecast = forecaster.Forecast(data.TimeAt(t), values.AsSpan(Math.Max(0, t - 47), Math.Min(48, t + 1)));
                    for (var h = 1; h <= o.MaxHorizonHours && t + h < data.Hours; h++)
                    {
                        var actual = values[t + h];
                        model[h - 1] += Math.Abs(forecast[h - 1] - actual);
                        persistence[h - 1] += Math.Abs(values[t] - actual);
                        points[h - 1]++;
                    }
                }
            }
            for (var h = 0; h < o.MaxHorizonHours; h++) rows.Add(new ForecastRow(pollutant, h + 1, model[h] / points[h], persistence[h] / points[h], points[h]));
        }
        return new ForecastEvaluationReport(data.Stations.Count, trainHours / 24, testDays, rows);
    }
}
