using CityMesh.Simulation.Statistics;

namespace CityMesh.Simulation.Air.Forecast;

/// <summary>
/// A station's short-term forecast, hourly means 1 to <see cref="AirForecastOptions.MaxHorizonHours"/> hours ahead.
/// On the log scale (pollution is multiplicative: weather scales every source), a concentration is its daily profile
/// (mean log by local hour, weekdays and weekends apart, learnt on training days) plus a deviation; the deviation h
/// hours ahead is regressed (ridge, one model per horizon) on the latest <see cref="AirForecastOptions.Lags"/>
/// deviations and their mean over the last 24 hours, which carries a multi-day weather spell. The forecast is
/// exp(profile + predicted deviation): a median, which is what MAE rewards. Far ahead it tends to the profile scaled
/// by the spell; one hour ahead, to persistence.
/// </summary>
public sealed class AirForecastModel
{
    private readonly double[,] _profile; // [weekend ? 1 : 0, local hour], log scale
    private readonly double[][] _beta;   // per horizon: [bias, lag 0 .. lag L−1, 24-hour mean]
    private readonly AirForecastOptions _options;

    private AirForecastModel(double[,] profile, double[][] beta, AirForecastOptions options) => (_profile, _beta, _options) = (profile, beta, options);

    public int MaxHorizonHours => _options.MaxHorizonHours;

    /// <summary>Learns from hourly means, the first at <paramref name="start"/> (its offset is the city's clock); NaN is a missing hour.</summary>
    /// <exception cref="ArgumentException">Options are invalid or the history is shorter than <see cref="AirForecastOptions.MinTrainingDays"/>.</exception>
    public static AirForecastModel Train(DateTimeOffset start, ReadOnlySpan<double> hourly, AirForecastOptions? options = null)
    {
        var o = options ?? new AirForecastOptions();
        var errors = o.Validate();
        if (errors.Count > 0) throw new ArgumentException("air forecast options are invalid: " + string.Join("; ", errors), nameof(options));
        if (hourly.Length < o.MinTrainingDays * 24)
            throw new ArgumentException($"hourly history has {hourly.Length} hours; training needs at least {o.MinTrainingDays * 24} ({o.MinTrainingDays} days)", nameof(hourly));
        var log = new double[hourly.Length];
        for (var t = 0; t < log.Length; t++) log[t] = Log(hourly[t], o.Floor);
        var profile = Profile(start, log);
        var deviation = new double[log.Length];
        for (var t = 0; t < log.Length; t++) deviation[t] = log[t] - profile[Weekend(start.AddHours(t)), start.AddHours(t).Hour];

        var features = new double[o.Lags + 2];
        var beta = new double[o.MaxHorizonHours][];
        for (var h = 1; h <= o.MaxHorizonHours; h++)
        {
            var ridge = new RidgeRegression(features.Length);
            for (var t = 24; t + h < log.Length; t++)
                if (double.IsFinite(deviation[t + h]) && Features(deviation, t + 1, o.Lags, features)) ridge.Add(features, deviation[t + h]);
            beta[h - 1] = ridge.Rows >= features.Length * 4 ? ridge.Solve(o.Ridge) : new double[features.Length];
        }
        return new AirForecastModel(profile, beta, o);
    }

    /// <summary>
    /// Forecasts hours 1..<see cref="MaxHorizonHours"/> after the last of <paramref name="recent"/>, hourly means
    /// ending at <paramref name="latest"/> (at least the last 24 hours for the spell term; NaN for missing hours).
    /// Without a recent reading the forecast is the daily profile.
    /// </summary>
    public double[] Forecast(DateTimeOffset latest, ReadOnlySpan<double> recent)
    {
        var deviation = new double[recent.Length];
        for (var i = 0; i < recent.Length; i++)
        {
            var at = latest.AddHours(i - recent.Length + 1);
            deviation[i] = Log(recent[i], _options.Floor) - _profile[Weekend(at), at.Hour];
        }
        var features = new double[_options.Lags + 2];
        var usable = Features(deviation, deviation.Length, _options.Lags, features, fill: true);
        var result = new double[_options.MaxHorizonHours];
        for (var h = 1; h <= result.Length; h++)
        {
            var at = latest.AddHours(h);
            double predicted = 0;
            if (usable)
                for (var k = 0; k < features.Length; k++) predicted += _beta[h - 1][k] * features[k];
            result[h - 1] = Math.Exp(_profile[Weekend(at), at.Hour] + predicted);
        }
        return result;
    }

    /// <summary>
    /// Features at the hour before <paramref name="end"/>: bias, lags, 24-hour mean of deviations. In training a row
    /// with a missing lag is skipped; in forecasting (<paramref name="fill"/>) a missing lag takes the nearest earlier
    /// reading, so one lost hour does not stop the forecast.
    /// </summary>
    private static bool Features(double[] deviation, int end, int lags, double[] features, bool fill = false)
    {
        features[0] = 1;
        for (var k = 0; k < lags; k++)
        {
            var i = end - 1 - k;
            features[1 + k] = i >= 0 ? deviation[i] : double.NaN;
            if (!fill && double.IsNaN(features[1 + k])) return false;
        }
        if (fill)
        {
            // Carry the reading before forward over missing lags (oldest to newest); lags with none before take the newest.
            var previous = double.NaN;
            for (var i = end - 1 - lags; i >= Math.Max(0, end - 24) && double.IsNaN(previous); i--) previous = deviation[i];
            for (var k = lags - 1; k >= 0; k--)
                if (double.IsNaN(features[1 + k])) features[1 + k] = previous;
                else previous = features[1 + k];
            if (double.IsNaN(previous)) return false;
            for (var k = 0; k < lags; k++)
                if (double.IsNaN(features[1 + k])) features[1 + k] = previous;
        }
        double sum = 0;
        var n = 0;
        for (var i = Math.Max(0, end - 24); i < end; i++)
            if (double.IsFinite(deviation[i])) { sum += deviation[i]; n++; }
        if (n < 12) { if (!fill) return false; features[^1] = features[1]; }
        else features[^1] = sum / n;
        return true;
    }

    private static double[,] Profile(DateTimeOffset start, double[] log)
    {
        var sum = new double[2, 24];
        var count = new int[2, 24];
        for (var t = 0; t < log.Length; t++)
        {
            if (!double.IsFinite(log[t])) continue;
            var at = start.AddHours(t);
            sum[Weekend(at), at.Hour] += log[t];
            count[Weekend(at), at.Hour]++;
        }
        var profile = new double[2, 24];
        for (var h = 0; h < 24; h++)
        {
            var weekday = count[0, h] > 0 ? sum[0, h] / count[0, h] : double.NaN;
            var weekend = count[1, h] > 0 ? sum[1, h] / count[1, h] : weekday;
            if (double.IsNaN(weekday)) weekday = weekend;
            (profile[0, h], profile[1, h]) = (weekday, weekend);
        }
        // An hour never seen takes the mean of the hours that were.
        double mean = 0;
        var seen = 0;
        foreach (var v in profile) if (double.IsFinite(v)) { mean += v; seen++; }
        mean = seen > 0 ? mean / seen : 0;
        for (var d = 0; d < 2; d++)
            for (var h = 0; h < 24; h++)
                if (!double.IsFinite(profile[d, h])) profile[d, h] = mean;
        return profile;
    }

    private static int Weekend(DateTimeOffset at) => at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;

    private static double Log(double value, double floor) => double.IsFinite(value) ? Math.Log(Math.Max(value, floor)) : double.NaN;
}
