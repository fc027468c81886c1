using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Statistics;

namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// The load forecast: the expected log load of an hour from its calendar (<see cref="LoadCalendar"/>) and its
/// heating and cooling degrees, corrected by how far the last hours ran from their expectation.
/// <list type="number">
/// <item>Expected level: ln load ≈ β₀ + β_type,hour + c·β_hour-of-week + f(T), f a linear spline of the hour's
/// temperature (<see cref="TemperatureResponse"/>: heating and cooling degrees above and below knots about the base),
/// by ridge regression (<see cref="RidgeRegression"/>). In logs because load scales with a site's size and the weather acts as a factor
/// on it; the exponential of the fitted log is the median forecast, what MAE rewards. Fitted twice: the second fit
/// leaves out hours beyond <see cref="LoadForecastOptions.OutlierSigmas"/> robust σ of the first, so meter faults in
/// the history (spikes, level shifts, stuck values) do not bend the profile.</item>
/// <item>Recent error: per horizon h, the residual at origin + h regressed on the residuals of the origin hour, the
/// hour before and the mean over the last <see cref="LoadForecastOptions.RecentHours"/> hours. A faulty reading's
/// residual counts as unknown (0), so a level shift on a meter is not carried into the forecast.</item>
/// </list>
/// The temperatures of the hours ahead are the weather forecast (<see cref="HourlyLoad.Temperature"/>); the spell of
/// warm or cold days they foretell is what lifts this model above the seasonal baselines, which only know past weeks.
/// Without temperatures the degree terms are left out; a missing temperature at a forecast hour takes the mean of
/// that hour of day in training.
/// </summary>
public sealed class LoadForecastModel : ILoadForecaster
{
    private const int Lags = 4; // constant, residual at the origin, the hour before, recent mean
    private readonly int _features, _temperatureAt;
    private readonly LoadForecastOptions _o;
    private readonly double[] _beta;
    private readonly double[] _typicalTemperature = new double[24];
    private readonly double[] _lag;
    private bool _withTemperature;
    private double _sigma = double.NaN;

    public LoadForecastModel(LoadForecastOptions? options = null)
    {
        _o = options ?? new LoadForecastOptions();
        var errors = _o.Validate();
        if (errors.Count > 0) throw new ArgumentException("load forecast options are invalid: " + string.Join("; ", errors), nameof(options));
        _lag = new double[_o.MaxHorizonHours * Lags];
        _temperatureAt = 1 + LoadCalendar.Features;
        _features = _temperatureAt + TemperatureResponse.Features(_o);
        _beta = new double[_features];
    }

    public string Name => "calendar × temperature-spline regression with recent error";

    public int MaxHorizonHours => _o.MaxHorizonHours;

    public bool Trained { get; private set; }

    /// <summary>Robust standard deviation of the log residual in training: the forecast's relative noise.</summary>
    public double ResidualSigma => _sigma;

    /// <exception cref="ArgumentException">Too few hours, or too few of them read; the message names what is short.</exception>
    public void Train(HourlyLoad history, int end)
    {
        history.Check();
        if (end > history.Hours || end < _o.MinTrainingDays * 24)
            throw new ArgumentException($"training needs at least {_o.MinTrainingDays} days of hours; got {end / 24.0:0.#} days", nameof(end));
        var how = history.StartHourOfWeek;
        _withTemperature = TypicalTemperatures(history, end, how);
        var y = new double[end];
        var usable = 0;
        for (var t = 0; t < end; t++)
        {
            var load = history.Load[t];
            y[t] = load > 0 ? Math.Log(load) : double.NaN;
            if (!double.IsNaN(y[t])) usable++;
        }
        if (usable < end / 2) throw new ArgumentException($"only {usable} of {end} training hours have a positive load reading", nameof(history));

        Fit(history, y, end, how, limit: double.PositiveInfinity);
        var residual = new double[end];
        for (var t = 0; t < end; t++) residual[t] = y[t] - Expected(history, t, how);
        _sigma = Math.Max(_o.MinResidualSigma, RobustStats.Sigma(residual, new double[end]));
        Fit(history, y, end, how, limit: _o.OutlierSigmas * _sigma);
        for (var t = 0; t < end; t++) residual[t] = Usable(y[t] - Expected(history, t, how));
        _sigma = Math.Max(_o.MinResidualSigma, RobustStats.Sigma(residual, new double[end]));
        FitLags(residual);
        Trained = true;
    }

    public void Forecast(HourlyLoad history, int origin, Span<double> forecast)
    {
        if (!Trained) throw new InvalidOperationException("the load forecast has not been trained");
        var how = history.StartHourOfWeek;
        double now = 0, before = 0;
        if (origin >= 0) now = Zero(Residual(history, origin, how));
        if (origin >= 1) before = Zero(Residual(history, origin - 1, how));
        var recent = Recent(history, origin, how);
        var horizons = Math.Min(forecast.Length, _o.MaxHorizonHours);
        for (var h = 1; h <= horizons; h++)
        {
            var lag = _lag.AsSpan((h - 1) * Lags, Lags);
            var log = Expected(history, origin + h, how) + lag[0] + lag[1] * now + lag[2] * before + lag[3] * recent;
            forecast[h - 1] = Math.Exp(log);
        }
        forecast[horizons..].Fill(double.NaN);
    }

    /// <summary>The fitted log load of hour <paramref name="t"/> of <paramref name="series"/> (calendar and degrees only).</summary>
    private double Expected(HourlyLoad series, int t, int startHourOfWeek)
    {
        var hourOfWeek = (startHourOfWeek + t) % HourlyLoad.HoursPerWeek;
        var log = _beta[0] + _beta[1 + LoadCalendar.TypeCell(hourOfWeek)] + LoadCalendar.DeviationScale * _beta[1 + LoadCalendar.DeviationCell(hourOfWeek)];
        if (!_withTemperature) return log;
        Span<double> x = stackalloc double[_features - _temperatureAt];
        TemperatureResponse.Fill(_o, TemperatureOf(series, t, hourOfWeek), x);
        for (var k = 0; k < x.Length; k++) log += _beta[_temperatureAt + k] * x[k];
        return log;
    }

    /// <summary>The hour's temperature, or where none is known the training's mean at that hour of day.</summary>
    private double TemperatureOf(HourlyLoad series, int t, int hourOfWeek)
    {
        var temperature = series.TemperatureAt(t);
        return double.IsNaN(temperature) ? _typicalTemperature[hourOfWeek % 24] : temperature;
    }

    private double Residual(HourlyLoad series, int t, int startHourOfWeek)
    {
        var load = series.Load[t];
        return load > 0 ? Usable(Math.Log(load) - Expected(series, t, startHourOfWeek)) : double.NaN;
    }

    /// <summary>NaN for a residual too large to be load rather than a faulty reading.</summary>
    private double Usable(double residual) => Math.Abs(residual) <= _o.OutlierSigmas * _sigma ? residual : double.NaN;

    private static double Zero(double value) => double.IsNaN(value) ? 0 : value;

    private double Recent(HourlyLoad series, int origin, int startHourOfWeek)
    {
        double sum = 0;
        var count = 0;
        for (var t = Math.Max(0, origin - _o.RecentHours + 1); t <= origin; t++)
        {
            var r = Residual(series, t, startHourOfWeek);
            if (!double.IsNaN(r)) { sum += r; count++; }
        }
        return count > 0 ? sum / count : 0;
    }

    private void Fit(HourlyLoad series, double[] y, int end, int how, double limit)
    {
        var regression = new RidgeRegression(_features);
        Span<double> x = stackalloc double[_features];
        for (var t = 0; t < end; t++)
        {
            if (double.IsNaN(y[t])) continue;
            if (!double.IsPositiveInfinity(limit) && !(Math.Abs(y[t] - Expected(series, t, how)) <= limit)) continue;
            x.Clear();
            var hourOfWeek = (how + t) % HourlyLoad.HoursPerWeek;
            x[0] = 1;
            x[1 + LoadCalendar.TypeCell(hourOfWeek)] = 1;
            x[1 + LoadCalendar.DeviationCell(hourOfWeek)] = LoadCalendar.DeviationScale;
            if (_withTemperature) TemperatureResponse.Fill(_o, TemperatureOf(series, t, hourOfWeek), x[_temperatureAt..]);
            regression.Add(x, y[t]);
        }
        regression.Solve(_o.Lambda).CopyTo(_beta, 0);
    }

    /// <summary>Per horizon, the residual h hours on against the origin's, the hour before's and the recent mean.</summary>
    private void FitLags(double[] residual)
    {
        var end = residual.Length;
        var recent = new double[end];
        double sum = 0;
        var count = 0;
        for (var t = 0; t < end; t++)
        {
            if (!double.IsNaN(residual[t])) { sum += residual[t]; count++; }
            var leaving = t - _o.RecentHours;
            if (leaving >= 0 && !double.IsNaN(residual[leaving])) { sum -= residual[leaving]; count--; }
            recent[t] = count > 0 ? sum / count : 0;
        }
        Span<double> x = stackalloc double[Lags];
        for (var h = 1; h <= _o.MaxHorizonHours; h++)
        {
            var regression = new RidgeRegression(Lags);
            for (var t = 1; t + h < end; t++)
            {
                if (double.IsNaN(residual[t + h])) continue;
                x[0] = 1;
                x[1] = Zero(residual[t]);
                x[2] = Zero(residual[t - 1]);
                x[3] = recent[t];
                regression.Add(x, residual[t + h]);
            }
            regression.Solve(_o.Lambda).CopyTo(_lag, (h - 1) * Lags);
        }
    }

    /// <summary>Mean temperature per hour of day in training, for forecast hours without one; false when none is known.</summary>
    private bool TypicalTemperatures(HourlyLoad series, int end, int how)
    {
        Span<double> sum = stackalloc double[24];
        Span<int> count = stackalloc int[24];
        for (var t = 0; t < end; t++)
        {
            var temperature = series.TemperatureAt(t);
            if (double.IsNaN(temperature)) continue;
            var hour = (how + t) % 24;
            sum[hour] += temperature;
            count[hour]++;
        }
        for (var h = 0; h < 24; h++) _typicalTemperature[h] = count[h] > 0 ? sum[h] / count[h] : double.NaN;
        var known = true;
        foreach (var c in count) known &= c > 0;
        return known;
    }
}
