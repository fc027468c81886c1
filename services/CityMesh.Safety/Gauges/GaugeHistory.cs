namespace CityMesh.Safety.Gauges;

/// <summary>
/// Each gauge's recent readings, for its trend: the least-squares slope of level over time, m/h. Readings are kept
/// for the trend window; a repeated reading (same time) is taken once. Thread-safe.
/// </summary>
public sealed class GaugeHistory(TimeSpan window)
{
    private readonly Dictionary<string, List<(DateTimeOffset At, double Level)>> _readings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string gauge, DateTimeOffset at, double level)
    {
        lock (_gate)
        {
            if (!_readings.TryGetValue(gauge, out var list)) _readings[gauge] = list = [];
            if (list.Count > 0 && at <= list[^1].At) return;
            list.Add((at, level));
            list.RemoveAll(r => r.At < at - window);
        }
    }

    /// <summary>The slope over the window's readings, m/h; null with fewer than two or all at one time.</summary>
    public double? TrendPerHour(string gauge)
    {
        lock (_gate)
        {
            if (!_readings.TryGetValue(gauge, out var list) || list.Count < 2) return null;
            var t0 = list[0].At;
            double n = list.Count, sumT = 0, sumL = 0, sumTT = 0, sumTL = 0;
            foreach (var (at, level) in list)
            {
                double t = (at - t0).TotalHours;
                (sumT, sumL, sumTT, sumTL) = (sumT + t, sumL + level, sumTT + t * t, sumTL + t * level);
            }
            double denominator = n * sumTT - sumT * sumT;
            return denominator <= 1e-18 ? null : (n * sumTL - sumT * sumL) / denominator;
        }
    }
}
