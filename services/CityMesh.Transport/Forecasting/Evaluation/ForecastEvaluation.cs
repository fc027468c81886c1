using CityMesh.Simulation.Statistics;
using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Models;

namespace CityMesh.Transport.Forecasting.Evaluation;

/// <summary>One row of the evaluation: a quantity at a horizon, the model against historical average.</summary>
public sealed record HorizonComparison(Quantity Quantity, int Minutes, ErrorMetrics Average, ErrorMetrics Model)
{
    /// <summary>How much lower the model's MAE is, in percent of the average's.</summary>
    public double MaeImprovement => 100 * (Average.Mae - Model.Mae) / Average.Mae;
}

/// <param name="RequiredImprovement">The bar: the model's MAE at 30 minutes at least this many percent below the average's (flow).</param>
public sealed record ForecastEvaluationReport(string ModelName, int TrainingDays, int TestDays, int Roads,
    IReadOnlyList<HorizonComparison> Rows, double RequiredImprovement)
{
    public HorizonComparison Row(Quantity quantity, int minutes) => Rows.Single(r => r.Quantity == quantity && r.Minutes == minutes);

    public bool Passes => Row(Quantity.Flow, 30).MaeImprovement >= RequiredImprovement;
}

/// <summary>
/// Fits both models on the first days and scores them on the held-out last days: from every slot of a test day,
/// each horizon whose target falls on the same day. Both models answer the same points.
/// </summary>
public static class ForecastEvaluation
{
    public const double RequiredImprovement = 20;
    /// <summary>MAPE floors: 60 veh/h is five vehicles in a 5-minute slot; 5 km/h is walking pace.</summary>
    public const double FlowMapeFloor = 60, SpeedMapeFloor = 5;

    public static ForecastEvaluationReport Run(ForecastDataSet set, DetectorNeighbours neighbours, int testDays)
    {
        if (testDays < 1 || testDays >= set.Days)
            throw new ArgumentOutOfRangeException(nameof(testDays), testDays, $"Test days are {testDays}; with {set.Days} days there must be 1 to {set.Days - 1}.");
        var training = Enumerable.Range(0, set.Days - testDays).ToArray();
        var average = new HistoricalAverage(set, training);
        var model = new ResidualAutoregression(set, training, average, neighbours);
        var rows = new List<HorizonComparison>();
        var origin = new DataSetOrigin(set);
        foreach (var q in (Quantity[])[Quantity.Flow, Quantity.Speed])
            foreach (var minutes in ForecastHorizons.Minutes)
            {
                int steps = ForecastHorizons.Steps(minutes);
                double floor = q == Quantity.Flow ? FlowMapeFloor : SpeedMapeFloor;
                var ha = new ErrorAccumulator(floor);
                var ar = new ErrorAccumulator(floor);
                for (int d = set.Days - testDays; d < set.Days; d++)
                    for (int slot = 0; slot + steps < ForecastDataSet.SlotsPerDay; slot++)
                    {
                        origin.At(d, slot);
                        for (int r = 0; r < set.Roads.Count; r++)
                        {
                            var actual = origin.Actual(q, r, steps);
                            if (float.IsNaN(actual)) continue;
                            ha.Add(average.Predict(origin, q, r, steps), actual);
                            ar.Add(model.Predict(origin, q, r, steps), actual);
                        }
                    }
                rows.Add(new HorizonComparison(q, minutes, ha.Result(), ar.Result()));
            }
        return new ForecastEvaluationReport(model.Name, training.Length, testDays, set.Roads.Count, rows, RequiredImprovement);
    }
}
