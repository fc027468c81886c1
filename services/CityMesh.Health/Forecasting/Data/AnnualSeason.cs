namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// The smooth part of the year's cycle: a cosine peaking in mid-January (cold, falls on ice, cardiac and
/// respiratory exacerbations in older people). Respiratory epidemics come on top as <see cref="RespiratoryWaves"/>.
/// </summary>
public static class AnnualSeason
{
    public const int PeakDayOfYear = 15;

    public static double Factor(DateOnly date, double amplitude) =>
        1 + amplitude * Math.Cos(2 * Math.PI * (date.DayOfYear - PeakDayOfYear) / 365.25);
}
