namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// A respiratory epidemic wave in the synthetic city, as a label: it starts, peaks and ends (city-wide, before each
/// hospital's lag of up to <see cref="RespiratoryWaves.MaxLagDays"/> days) on these day indices, which may lie before
/// day 0 or after the last day.
/// </summary>
/// <param name="PeakShare">Extra admissions at the peak, as a share of a hospital's level (a hospital's own share varies around it).</param>
/// <param name="R0">The SIR curve's basic reproduction number, which sets how fast it rises and falls.</param>
public sealed record RespiratoryWave(int OnsetDay, int PeakDay, int EndDay, double PeakShare, double R0)
{
    public bool Overlaps(int firstDay, int lastDay) => OnsetDay <= lastDay && EndDay + RespiratoryWaves.MaxLagDays >= firstDay;
}
