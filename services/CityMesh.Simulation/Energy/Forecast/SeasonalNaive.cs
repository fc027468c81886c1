using CityMesh.Simulation.Air.Faults;

namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// The seasonal baselines: the same hour of the week over the last <see cref="Weeks"/> weeks (missing readings
/// skipped), its mean or its median. One week is the textbook seasonal naive (the same hour a week before). Four
/// weeks average the noise of single readings down; their mean still carries a faulty week's readings forward, their
/// median does not, and the four-week median is the strongest of the three on meter data: the forecast is judged
/// against it.
/// </summary>
public sealed class SeasonalNaive(int weeks, int maxHorizonHours = 24, bool median = false) : ILoadForecaster
{
    public int Weeks { get; } = weeks is >= 1 and <= 52 ? weeks : throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "1 to 52 weeks");

    /// <summary>The median rather than the mean of the weeks' readings: a faulty week cannot move it, but it is noisier.</summary>
    public bool Median => median;

    public string Name => Weeks == 1 ? "same hour a week before" : $"{(Median ? "median" : "mean")} of the same hour over the last {Weeks} weeks";

    public int MaxHorizonHours => maxHorizonHours;

    public void Train(HourlyLoad history, int end)
    {
    }

    public void Forecast(HourlyLoad history, int origin, Span<double> forecast)
    {
        var load = history.Load;
        Span<double> seen = stackalloc double[Weeks];
        for (var h = 1; h <= forecast.Length; h++)
        {
            double sum = 0;
            var count = 0;
            for (var k = 1; k <= Weeks; k++)
            {
                var target = origin + h - k * HourlyLoad.HoursPerWeek;
                if (target < 0) break;
                if (target <= origin && double.IsFinite(load[target])) { sum += load[target]; seen[count++] = load[target]; }
            }
            forecast[h - 1] = count == 0 ? double.NaN : Median ? RobustStats.MedianInPlace(seen[..count]) : sum / count;
        }
    }
}
