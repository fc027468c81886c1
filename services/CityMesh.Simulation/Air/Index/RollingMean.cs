namespace CityMesh.Simulation.Air.Index;

/// <summary>A mean over a window and the share of the window the readings covered; <see cref="Valid"/> when that share meets the rule.</summary>
public sealed record AirMean(double Value, double Coverage, bool Valid);

/// <summary>
/// Time-weighted means of one station's pollutant over a trailing window (1 h, 8 h, 24 h) from readings at irregular
/// times. A reading stands for the air since the reading before it, for at most <see cref="MaxReadingGap"/>: a
/// sensor's report is the mean of the interval it ends (as AirQualityObserved's dateObserved is), and a sensor silent
/// for a while is not assumed to have read its next value all along. A mean counts when
/// the readings cover at least <see cref="MinCoverage"/> of the window: the 75 % data-capture rule of the EU
/// directive 2008/50/EC (Annex VII/XI: 45 minutes of an hour, 6 of 8 hours, 18 of 24 hours), applied to time covered
/// so irregular and gappy sensors are judged alike. Readings older than the longest window in use are dropped.
/// </summary>
public sealed class RollingMean(TimeSpan maxReadingGap, double minCoverage = 0.75, TimeSpan? keep = null)
{
    private readonly List<(DateTimeOffset Time, double Value)> _readings = [];
    private readonly TimeSpan _keep = keep ?? TimeSpan.FromHours(AirAveraging.Day) + maxReadingGap;

    /// <summary>A default suited to sensors reporting every few minutes: a reading holds for at most 15 minutes.</summary>
    public RollingMean() : this(TimeSpan.FromMinutes(15)) { }

    public TimeSpan MaxReadingGap { get; } = maxReadingGap > TimeSpan.Zero ? maxReadingGap
        : throw new ArgumentOutOfRangeException(nameof(maxReadingGap), maxReadingGap, "maxReadingGap must be positive");

    public double MinCoverage { get; } = minCoverage is > 0 and <= 1 ? minCoverage
        : throw new ArgumentOutOfRangeException(nameof(minCoverage), minCoverage, "minCoverage must be above 0 and at most 1");

    public int Count => _readings.Count;

    /// <summary>Adds a reading; NaN and infinite values are ignored (a missing reading is a gap). A late reading is put in its place; one at a time already held replaces it.</summary>
    public void Add(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value)) return;
        var i = _readings.Count;
        while (i > 0 && _readings[i - 1].Time > time) i--;
        if (i > 0 && _readings[i - 1].Time == time) _readings[i - 1] = (time, value);
        else _readings.Insert(i, (time, value));
        var cutoff = _readings[^1].Time - _keep;
        var old = 0;
        while (old < _readings.Count - 1 && _readings[old + 1].Time <= cutoff) old++;
        if (old > 0) _readings.RemoveRange(0, old);
    }

    /// <summary>The mean over (<paramref name="at"/> − <paramref name="period"/>, <paramref name="at"/>]; null when no reading covers any of it.</summary>
    public AirMean? Mean(DateTimeOffset at, TimeSpan period)
    {
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), period, "period must be positive");
        var from = at - period;
        double weighted = 0, covered = 0;
        for (var i = 0; i < _readings.Count; i++)
        {
            var (time, value) = _readings[i];
            if (time <= from) continue;
            if (time > at) break;
            var since = time - MaxReadingGap;
            if (i > 0 && _readings[i - 1].Time > since) since = _readings[i - 1].Time;
            if (since < from) since = from;
            var seconds = (time - since).TotalSeconds;
            weighted += value * seconds;
            covered += seconds;
        }
        if (covered <= 0) return null;
        var coverage = covered / period.TotalSeconds;
        return new AirMean(weighted / covered, coverage, coverage >= MinCoverage - 1e-9);
    }

    /// <summary>The mean over a whole number of hours ending at <paramref name="at"/>.</summary>
    public AirMean? Mean(DateTimeOffset at, int hours) => Mean(at, TimeSpan.FromHours(hours));
}
