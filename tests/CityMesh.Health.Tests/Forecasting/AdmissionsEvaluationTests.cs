using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Evaluation;

namespace CityMesh.Health.Tests.Forecasting;

public sealed class AdmissionsEvaluationTests
{
    [Fact]
    public void On_the_default_synthetic_city_the_model_beats_the_baseline_by_15_percent_at_every_horizon()
    {
        // The CLI's default run (12 hospitals, 156 weeks, seed 42, the last 26 weeks held out, a winter with four
        // waves in them): well under a second to generate and evaluate.
        var set = AdmissionsDataGenerator.Generate(new AdmissionsDataOptions());
        var report = AdmissionsEvaluation.Run(set.Series, 182, set.Expected);

        Assert.Equal(7, report.Rows.Count);
        Assert.Contains(set.Waves, w => w.Overlaps(report.TrainingDays, set.Series.Days - 1));
        Assert.True(report.Passes, string.Join("; ", report.Rows.Select(r => $"{r.Horizon} d: {r.Model.Mae:F2} vs {r.Baseline.Mae:F2} ({r.MaeGain:F1} %)")));
        Assert.All(report.Rows, r =>
        {
            Assert.Equal(182 * 12, r.Model.Points);
            Assert.True(r.Model.Mae <= r.Model.Rmse);
            Assert.True(r.Floor!.Mae < r.Model.Mae, "no model beats the noise-free mean");
        });
        // Further ahead is harder: the 7-day forecast is no better than the 1-day one.
        Assert.True(report.Row(7).Model.Mae >= report.Row(1).Model.Mae);
    }

    [Fact]
    public void Gain_is_the_share_of_the_baseline_s_mae_removed_and_the_bar_names_each_miss()
    {
        CityMesh.Simulation.Statistics.ErrorMetrics M(double mae) => new(mae, mae * 1.25, 10, 100, 100);
        var rows = Enumerable.Range(1, 7).Select(h => new HorizonScore(h, M(10), M(h == 6 ? 8.6 : 8), 0.8, null)).ToArray();
        var report = new AdmissionsEvaluationReport("m", 4, new DateOnly(2026, 1, 1), 100, 50, 3, rows, AdmissionsEvaluation.RequiredGain);
        Assert.Equal(20, report.Row(1).MaeGain, 9);
        Assert.Equal(14, report.Row(6).MaeGain, 9);
        Assert.False(report.Passes);
        Assert.Equal([6], report.Misses);
    }

    [Fact]
    public void Too_few_training_days_are_refused()
    {
        var set = AdmissionsDataGenerator.Generate(new AdmissionsDataOptions { Hospitals = 2, Days = 100 });
        Assert.Throws<ArgumentOutOfRangeException>(() => AdmissionsEvaluation.Run(set.Series, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdmissionsEvaluation.Run(set.Series, 0));
    }
}
