namespace CityMesh.Safety.Forecast;

/// <summary>
/// The river's inflow over the forecast from the gauge that stands highest against its alert line. The alert line is
/// set at bankfull, so the discharge there is <see cref="SafetyOptions.BankfullDischarge"/>; above and below it the
/// discharge follows a rating curve Q = Q_bankfull · (stage / alert)^b (b = 5/3: Manning's equation for a wide
/// channel, where the hydraulic radius is the depth). The stage goes on at the gauge's trend for the first half of the
/// horizon, at most <see cref="SafetyOptions.MaxRiseMetres"/> above the current level (a rise does not go on for ever;
/// how it recedes nobody can read from one gauge), and is held after it; a falling trend is followed too, never below zero.
/// </summary>
public static class RiverRating
{
    /// <summary>Points of the hydrograph as (hour from now, m³/s), every quarter hour.</summary>
    public static IReadOnlyList<(double Hour, double CubicMetresPerSecond)> Hydrograph(double level, double alertLevel, double? trendPerHour, SafetyOptions options)
    {
        if (!(alertLevel > 0)) throw new ArgumentOutOfRangeException(nameof(alertLevel), alertLevel, "the gauge's alert line must be above zero");
        var points = new List<(double, double)>();
        double rising = options.ForecastHours / 2, slope = trendPerHour ?? 0;
        int quarters = (int)Math.Ceiling(options.ForecastHours * 4);
        for (int q = 0; q <= quarters; q++)
        {
            double hour = Math.Min(q / 4.0, options.ForecastHours);
            double stage = Math.Max(0, level + Math.Min(options.MaxRiseMetres, slope * Math.Min(hour, rising)));
            points.Add((hour, Math.Round(Discharge(stage, alertLevel, options), 3)));
            if (hour >= options.ForecastHours) break;
        }
        return points;
    }

    /// <summary>Q = Q_bankfull · (stage / alert)^b, m³/s.</summary>
    public static double Discharge(double stage, double alertLevel, SafetyOptions options) =>
        options.BankfullDischarge * Math.Pow(Math.Max(0, stage) / alertLevel, options.RatingExponent);
}
