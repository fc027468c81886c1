namespace CityMesh.Simulation.Water.Leaks;

/// <summary>The minimum night flow detector's settings.</summary>
/// <param name="FromHour">The night window's first hour (local clock, the patterns' time of day).</param>
/// <param name="ToHour">The hour the window ends: the night's flow is known, and an alarm can sound, then.</param>
/// <param name="Threshold">How many of the leak-free nights' spreads an area's night flow must rise above the others' for an alarm (set on seed 1).</param>
/// <param name="MinSpread">The least spread (share of the area's night flow) believed: two training nights can agree by chance.</param>
public sealed record NightFlowOptions(int FromHour = 2, int ToHour = 4, double Threshold = 5, double MinSpread = 0.01);

/// <summary>An area's night flow alarm: the area, the night's window end (the alarm), the start estimated from the area's share of inflow, the excess flow (m³/s) and its score in spreads.</summary>
public sealed record NightFlowAlarm(int Area, long Time, long Start, double ExcessFlow, double Score);

/// <summary>
/// Minimum night flow per district metered area: each night, an area's lowest hourly mean inflow between
/// <see cref="NightFlowOptions.FromHour"/> and <see cref="NightFlowOptions.ToHour"/> (when consumption is lowest and
/// steadiest, a leak is the largest share of the flow) against its mean over the leak-free training nights. The
/// city's consumption moves every area's night together (a warm night, a holiday), so each area's ratio is taken
/// against the median ratio of all areas that night; what is left is the area's own excess, in the spread those
/// excesses had over the training nights. An area at or above the threshold sounds the alarm at the window's end.
/// </summary>
public sealed class NightFlowDetector(NightFlowOptions? options = null)
{
    private readonly NightFlowOptions _options = options ?? new NightFlowOptions();

    public NightFlowOptions Options => _options;

    /// <summary>Each night's minimum hourly mean inflow by area (m³/s), by day index; NaN where the window was not read in full.</summary>
    public double[][] NightFlows(long[] times, double[][] areaInflow)
    {
        int areas = areaInflow.Length == 0 ? 0 : areaInflow[0].Length;
        int days = times.Length == 0 ? 0 : (int)(times[^1] / 86400) + 1;
        int hours = _options.ToHour - _options.FromHour;
        if (hours < 1) throw new ArgumentException($"NightFlowOptions: ToHour ({_options.ToHour}) must come after FromHour ({_options.FromHour})");
        // Sums and counts by day, hour of the window, area.
        var sum = new double[days, hours, areas];
        var count = new int[days, hours];
        for (int i = 0; i < times.Length; i++)
        {
            int h = (int)(times[i] % 86400 / 3600) - _options.FromHour;
            if (h < 0 || h >= hours) continue;
            int d = (int)(times[i] / 86400);
            count[d, h]++;
            for (int a = 0; a < areas; a++) sum[d, h, a] += areaInflow[i][a];
        }
        var night = new double[days][];
        for (int d = 0; d < days; d++)
        {
            night[d] = new double[areas];
            for (int a = 0; a < areas; a++)
            {
                double least = double.NaN;
                for (int h = 0; h < hours; h++)
                {
                    if (count[d, h] == 0) { least = double.NaN; break; }
                    double mean = sum[d, h, a] / count[d, h];
                    if (h == 0 || mean < least) least = mean;
                }
                night[d][a] = least;
            }
        }
        return night;
    }

    /// <summary>The first night after training (<paramref name="trainingStart"/> to <paramref name="trainingEnd"/>, s) on which an area's night flow stands out, or null.</summary>
    public NightFlowAlarm? Detect(long[] times, double[][] areaInflow, long trainingStart, long trainingEnd)
    {
        var night = NightFlows(times, areaInflow);
        int areas = areaInflow.Length == 0 ? 0 : areaInflow[0].Length;
        if (areas == 0) return null;
        int firstTraining = (int)((trainingStart + 86399) / 86400), firstTest = (int)((trainingEnd + 86399) / 86400);
        var baseline = new double[areas];
        int nights = 0;
        for (int d = firstTraining; d < Math.Min(firstTest, night.Length); d++)
        {
            if (double.IsNaN(night[d][0])) continue;
            nights++;
            for (int a = 0; a < areas; a++) baseline[a] += night[d][a];
        }
        if (nights == 0) throw new ArgumentException("no whole night window in the training days: NightFlowOptions' hours or the training days are wrong");
        for (int a = 0; a < areas; a++) baseline[a] /= nights;

        var excess = new double[areas];
        // The training nights' own excesses: how far an area strays from the rest on a night without a leak.
        double spread = 0;
        int n = 0;
        for (int d = firstTraining; d < Math.Min(firstTest, night.Length); d++)
        {
            if (!Excess(night[d], baseline, excess)) continue;
            for (int a = 0; a < areas; a++) { spread += excess[a] * excess[a]; n++; }
        }
        // Each training night is in the baseline, so its excess is shrunk by (nights − 1)/nights: undo that.
        spread = nights > 1 ? Math.Sqrt(spread / n * nights / (nights - 1)) : 0;
        spread = Math.Max(spread, _options.MinSpread);
        for (int d = firstTest; d < night.Length; d++)
        {
            long end = d * 86400L + _options.ToHour * 3600L;
            if (end < trainingEnd || !Excess(night[d], baseline, excess)) continue;
            int worst = 0;
            for (int a = 1; a < areas; a++) if (excess[a] > excess[worst]) worst = a;
            double score = excess[worst] / spread;
            if (score < _options.Threshold) continue;
            long start = Onset(times, areaInflow, worst, trainingStart, trainingEnd, end);
            return new NightFlowAlarm(worst, end, start, excess[worst] * baseline[worst], score);
        }
        return null;
    }

    /// <summary>Each area's night flow over its baseline, less the median of all areas' (the city's common move).</summary>
    private static bool Excess(double[] night, double[] baseline, double[] excess)
    {
        if (double.IsNaN(night[0])) return false;
        for (int a = 0; a < night.Length; a++) excess[a] = night[a] / Math.Max(1e-12, baseline[a]);
        double median = Median(excess);
        for (int a = 0; a < night.Length; a++) excess[a] -= median;
        return true;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /// <summary>
    /// When the area's excess began: its share of the whole inflow against the training days' share at that hour of day,
    /// hour by hour since training, and the onset where a step up to the excess seen at the alarm fits best (the cumulative
    /// sum of the share's excess less half the step is lowest just before it).
    /// </summary>
    private static long Onset(long[] times, double[][] areaInflow, int area, long trainingStart, long trainingEnd, long alarm)
    {
        var typical = new double[24];
        var count = new int[24];
        for (int i = 0; i < times.Length; i++)
        {
            if (times[i] < trainingStart || times[i] >= trainingEnd) continue;
            int h = (int)(times[i] % 86400 / 3600);
            typical[h] += Share(areaInflow[i], area);
            count[h]++;
        }
        for (int h = 0; h < 24; h++) typical[h] /= Math.Max(1, count[h]);
        int from = Array.FindIndex(times, t => t >= trainingEnd), to = Array.FindLastIndex(times, t => t <= alarm);
        if (from < 0 || to < from) return alarm;
        // The step: the mean excess over the last night window's readings.
        double step = 0;
        int last = Math.Max(from, to - 7);
        for (int i = last; i <= to; i++) step += Share(areaInflow[i], area) - typical[times[i] % 86400 / 3600];
        step /= to - last + 1;
        double cusum = 0, lowest = 0;
        int onset = from;
        for (int i = from; i <= to; i++)
        {
            cusum += Share(areaInflow[i], area) - typical[times[i] % 86400 / 3600] - step / 2;
            if (cusum < lowest) { lowest = cusum; onset = i + 1; }
        }
        return times[Math.Min(onset, to)];
    }

    private static double Share(double[] inflows, int area)
    {
        double total = 0;
        foreach (var q in inflows) total += q;
        return inflows[area] / Math.Max(1e-12, total);
    }
}
