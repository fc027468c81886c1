using CityMesh.Simulation.Statistics;

namespace CityMesh.Health.Forecasting.Evaluation;

/// <summary>One horizon's scores on the held-out days.</summary>
/// <param name="IntervalCoverage">Share of held-out actuals inside the model's 80 % prediction interval.</param>
/// <param name="Floor">Error of the synthetic set's noise-free mean: what no forecaster can beat (null for real history).</param>
public sealed record HorizonScore(int Horizon, ErrorMetrics Baseline, ErrorMetrics Model, double IntervalCoverage, ErrorMetrics? Floor)
{
    /// <summary>How much lower the model's MAE is, in percent of the baseline's.</summary>
    public double MaeGain => 100 * (Baseline.Mae - Model.Mae) / Baseline.Mae;
}

public sealed record AdmissionsEvaluationReport(string ModelName, int BaselineWeeks, DateOnly FirstTestDay, int TrainingDays, int TestDays,
    int Hospitals, IReadOnlyList<HorizonScore> Rows, double RequiredGain)
{
    public HorizonScore Row(int horizon) => Rows.Single(r => r.Horizon == horizon);

    /// <summary>The horizons where the model's MAE is less than <see cref="RequiredGain"/> % below the baseline's.</summary>
    public IReadOnlyList<int> Misses => Rows.Where(r => !(r.MaeGain >= RequiredGain)).Select(r => r.Horizon).ToArray();

    public bool Passes => Misses.Count == 0;
}
