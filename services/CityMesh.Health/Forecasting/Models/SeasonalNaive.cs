using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Forecasting.Models;

/// <summary>
/// The baseline: seasonal naive over weeks, the usual yardstick for daily admissions. The forecast for day t+h is the
/// mean of the same weekday in the last <see cref="Weeks"/> weeks known at origin t (days t+h-7, t+h-14, …): for
/// h ≤ 7 those all lie on or before the origin.
/// </summary>
public sealed class SeasonalNaive(int weeks = SeasonalNaive.DefaultWeeks)
{
    public const int DefaultWeeks = 4;

    public int Weeks { get; } = weeks >= 1 ? weeks : throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "The baseline needs at least one week.");

    /// <summary>The first origin every horizon can be forecast from: day 7·weeks - 1 (then h = 1 reaches back to day 0).</summary>
    public int FirstOrigin => 7 * Weeks - 1;

    public double Predict(AdmissionsSeries series, int hospital, int origin, int horizon)
    {
        if (horizon is < 1 or > 7) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "Horizons are 1 to 7 days.");
        int target = origin + horizon;
        if (target - 7 * Weeks < 0 || origin >= series.Days)
            throw new ArgumentOutOfRangeException(nameof(origin), origin, $"Origin day {origin} has too few weeks before day {target} for {Weeks} weeks, or lies beyond the series' {series.Days} days.");
        double sum = 0;
        for (int k = 1; k <= Weeks; k++) sum += series.Count(hospital, target - 7 * k);
        return sum / Weeks;
    }
}
