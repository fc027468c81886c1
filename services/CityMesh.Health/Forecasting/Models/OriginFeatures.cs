using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Forecasting.Models;

/// <summary>
/// What the model reads at a forecast origin t for a hospital, all from days up to t. Counts are first divided by
/// their day's calendar factor (<see cref="CalendarFactors"/>), so a Monday and a Sunday speak of the same level; the
/// hospital's <b>reference level</b> R is the mean of that over the 28 days to t, and every feature is a ratio to R
/// (the city's to the sum of the hospitals' R) minus 1, so one model serves hospitals of any size:
/// <list type="number">
/// <item>bias;</item>
/// <item>the hospital: each of its last 7 days, the week before them, and the twelve weeks before the reference
/// (where a drift or a step came from);</item>
/// <item>the hospital at its share of the city over those twelve weeks, times the city's last week;</item>
/// <item>the city (all hospitals summed): its last 7 days, its day t, the week before, and its excess over its own
/// twelve weeks before, carried forward at the excess's weekly growth (an epidemic's rise);</item>
/// <item>the target day's time of year (sine, cosine);</item>
/// <item>the four city features again, times how deep into winter the origin is (1 in mid-December, 0 in mid-June):
/// in winter a city-wide rise is more often a wave that keeps rising, in summer a drift that fades.</item>
/// </list>
/// The target is the target day's adjusted count over R, minus 1; a forecast is calendar factor × R × (1 + prediction).
/// </summary>
public sealed class OriginFeatures
{
    public const int Count = 21;

    public const int ReferenceDays = 28;

    public const int LongDays = 84;

    /// <summary>Keeps the excess's growth ratio finite near zero excess; growth is also held within [0.5, 2.5] a week.</summary>
    private const double ExcessOffset = 0.02;

    private readonly AdmissionsSeries _series;
    private readonly CalendarFactors _calendar;
    private readonly double[] _prefix;   // per hospital, Days + 1 running sums of adjusted counts
    private readonly double[] _cityReference, _cityWeek, _cityToday, _cityWeekBefore, _cityLong;

    public OriginFeatures(AdmissionsSeries series, CalendarFactors calendar)
    {
        _series = series;
        _calendar = calendar;
        int days = series.Days, hospitals = series.Hospitals.Count;
        var factor = Enumerable.Range(0, days).Select(d => calendar.Of(series.Date(d))).ToArray();
        _prefix = new double[hospitals * (days + 1)];
        for (int h = 0; h < hospitals; h++)
            for (int d = 0; d < days; d++)
                _prefix[h * (days + 1) + d + 1] = _prefix[h * (days + 1) + d] + series.Count(h, d) / factor[d];
        _cityReference = new double[days];
        _cityWeek = new double[days];
        _cityToday = new double[days];
        _cityWeekBefore = new double[days];
        _cityLong = new double[days];
        for (int t = ReferenceDays - 1; t < days; t++)
            for (int h = 0; h < hospitals; h++)
            {
                _cityReference[t] += Reference(h, t);
                _cityWeek[t] += Mean(h, t - 6, t);
                _cityToday[t] += Mean(h, t, t);
                _cityWeekBefore[t] += Mean(h, t - 13, t - 7);
                _cityLong[t] += LongLevel(h, t) is var before && double.IsNaN(before) ? 0 : before;
            }
    }

    public AdmissionsSeries Series => _series;

    /// <summary>The calendar factor of any day, before or after the series' end.</summary>
    public double Factor(int day) => _calendar.Of(_series.Date(day));

    /// <summary>Mean calendar-adjusted count of a hospital over days [from, to], cut at day 0; NaN when nothing is left.</summary>
    public double Mean(int hospital, int from, int to)
    {
        from = Math.Max(from, 0);
        if (to < from) return double.NaN;
        int row = hospital * (_series.Days + 1);
        return (_prefix[row + to + 1] - _prefix[row + from]) / (to - from + 1);
    }

    /// <summary>R: the mean calendar-adjusted count over the 28 days up to the origin.</summary>
    public double Reference(int hospital, int origin) => Mean(hospital, origin - ReferenceDays + 1, origin);

    /// <summary>The mean over the twelve weeks before the reference window (fewer near the series' start; NaN with none).</summary>
    private double LongLevel(int hospital, int origin) => Mean(hospital, origin - ReferenceDays - LongDays + 1, origin - ReferenceDays);

    /// <summary>The features at an origin (needs origin ≥ 27); all zero but the bias when R is 0.</summary>
    public void Fill(Span<double> x, int hospital, int origin, int horizon)
    {
        if (origin < ReferenceDays - 1 || origin >= _series.Days)
            throw new ArgumentOutOfRangeException(nameof(origin), origin, $"An origin needs {ReferenceDays} days of history within the series.");
        x.Clear();
        x[0] = 1;
        double r = Reference(hospital, origin);
        if (!(r > 0)) return;
        for (int k = 0; k < 7; k++) x[1 + k] = Mean(hospital, origin - k, origin - k) / r - 1;
        x[8] = Mean(hospital, origin - 13, origin - 7) / r - 1;
        double before = LongLevel(hospital, origin), cityBefore = _cityLong[origin];
        if (!double.IsNaN(before))
        {
            x[9] = before / r - 1;
            if (cityBefore > 0) x[10] = before / cityBefore * _cityWeek[origin] / r - 1;
        }
        double city = _cityReference[origin];
        x[11] = _cityWeek[origin] / city - 1;
        x[12] = _cityToday[origin] / city - 1;
        x[13] = _cityWeekBefore[origin] / city - 1;
        if (cityBefore > 0)
        {
            double now = _cityWeek[origin] / cityBefore - 1, then = _cityWeekBefore[origin] / cityBefore - 1;
            double growth = Math.Clamp((now + ExcessOffset) / Math.Max(then + ExcessOffset, 1e-3), 0.5, 2.5);
            double ahead = now > 0 ? now * Math.Pow(growth, (horizon + 3) / 7.0) : now;   // the week's mean sits 3 days back
            x[14] = cityBefore * (1 + ahead) / city - 1;
        }
        double season = 2 * Math.PI * _series.Date(origin + horizon).DayOfYear / 365.25;
        x[15] = Math.Sin(season);
        x[16] = Math.Cos(season);
        double winter = (1 + Math.Cos(2 * Math.PI * (_series.Date(origin).DayOfYear - 350) / 365.25)) / 2;
        for (int i = 0; i < 4; i++) x[17 + i] = winter * x[11 + i];
    }

    /// <summary>The training target: the target day's adjusted count over R, minus 1.</summary>
    public double Target(int hospital, int origin, int horizon) =>
        _series.Count(hospital, origin + horizon) / Factor(origin + horizon) / Reference(hospital, origin) - 1;
}
