using CityMesh.Simulation.Statistics;
using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Evaluation;
using CityMesh.Transport.Forecasting.Models;

namespace CityMesh.Transport.Tests.Forecasting;

public sealed class ForecastEvaluationTests
{
    [Fact]
    public void On_simulated_jinan_days_the_model_beats_the_historical_average_by_a_fifth_at_30_minutes()
    {
        // Four simulated weekdays (Mon–Thu), the last held out: small enough for a test, the same pipeline as the CLI.
        var set = ForecastDataGenerator.Generate(JinanFiles.Network, JinanFiles.Hour, new ForecastDataOptions { Days = 4, Seed = 11 });
        var report = ForecastEvaluation.Run(set, DetectorNeighbours.From(JinanFiles.Network, set.Roads), testDays: 1);
        var flow30 = report.Row(Quantity.Flow, 30);
        Assert.True(report.Passes, $"flow MAE at 30 min: model {flow30.Model.Mae:F1}, average {flow30.Average.Mae:F1} ({flow30.MaeImprovement:F1} %)");
        Assert.Equal(6, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.True(r.Model.Points > 0 && r.Model.Mae <= r.Model.Rmse));
    }

    [Fact]
    public void The_residual_model_learns_persistent_deviations_and_ignores_none()
    {
        // Each day runs at its own level (a multiple of the profile) held all day: the model should learn that the
        // last hour's deviation persists (positive weight on the hour mean) and beat the average on a new day.
        var set = SyntheticSets.Make(3, 8, (r, d, s) => (float)((200 + 100 * Math.Sin(s / 40.0) + 10 * r) * (1 + 0.2 * Math.Sin(d * 2.1))));
        var report = ForecastEvaluation.Run(set, new DetectorNeighbours([[1], [2], [0]], [[2], [0], [1]]), testDays: 2);
        Assert.True(report.Row(Quantity.Flow, 30).MaeImprovement > 50, $"{report.Row(Quantity.Flow, 30).MaeImprovement:F1} %");
    }

    [Fact]
    public void Improvement_is_the_share_of_the_average_s_mae_removed()
    {
        var row = new HorizonComparison(Quantity.Flow, 30, new ErrorMetrics(40, 50, 20, 10, 10), new ErrorMetrics(30, 40, 15, 10, 10));
        Assert.Equal(25, row.MaeImprovement, 9);
    }
}
