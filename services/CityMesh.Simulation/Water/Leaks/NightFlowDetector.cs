namespace CityMesh.Simulation.Water.Leaks;

/// <summary>The minimum night flow detector's settings.</summary>
/// <param name="FromHour">
/// The night window's first hour (the patterns' time of day); null: learned, the <paramref name="Hours"/> in a row
/// with the lowest whole inflow over the training days. A real city's is 02:00–04:00; Net3's patterns are lowest at
/// 18:00–20:00 (its default pattern is 1.4–1.9 from midnight to 04:00), and a utility picks its window from its own flows.
/// </param>
/// <param name="Hours">The window's length; it ends, the night's flow is known and an alarm can sound, at FromHour + Hours.</param>
/// <param name="Threshold">How many leak-free spreads an area's night flow must stand above the others' for an alarm (set on seed 1).</param>
/// <param name="MinSpread">The least spread believed, as a share of the whole night inflow: two training nights can agree by chance.</param>
public sealed record NightFlowOptions(int? FromHour = null, int Hours = 2, double Threshold = 20, double MinSpread = 0.002);

/// <summary>An area's night flow alarm: the area, the night's window end (the alarm), the start estimated from the area's share of inflow, the excess flow (m³/s) and its score in spreads.</summary>
public sealed record NightFlowAlarm(int Area, long Time, long Start, double ExcessFlow, double Score);

/// <summary>
/// Minimum night flow per district metered area: each night, an area's lowest hourly mean inflow in the night window
/// (<see cref="NightFlowOptions.FromHour"/>: when consumption is lowest and steadiest, a leak is the largest share of
/// the flow) against its mean over the leak-free training nights. The city's consumption moves every area's night
/// together (a warm night, a holiday), so each area's expected night flow is its baseline times the median of all
/// areas' ratios that night; what is left is the area's own excess (m³/s), in the spread those excesses had over the
/// training nights (pooled over the areas: two nights are too few for each its own). An area at or above the
/// threshold sounds the alarm at the window's end.
/// </summary>
/// <remarks>
/// An area's night flow wanders more where a few large users draw much of it (one works' day is not averaged by
/// many homes'): given each area's concentration by hour (the root of its customers' squared nominal demands, from the
/// network's bases and patterns: billing data a utility has), an area's spread is that times one factor learned over
/// all areas' training nights; without it, one spread for all.
/// </remarks>
public sealed class NightFlowDetector(NightFlowOptions? options = null, double[][]? concentration = null)
{
    private readonly NightFlowOptions _options = options ?? new NightFlowOptions();

    /// <summary>Each area's concentration by hour of day ([hour][area], m³/s): the root of the sum of its junctions' squared nominal demands.</summary>
    public static double[][] Concentration(WaterNetwork network, DistrictPartition partition)
    {
        var result = new double[24][];
        int areas = partition.Areas.Count;
        for (int h = 0; h < 24; h++)
        {
            result[h] = new double[areas];
            long period = (h * 3600L + network.Times.PatternStart) / Math.Max(1, network.Times.PatternStep);
            for (int j = 0; j < network.Junctions.Count; j++)
            {
                double q = 0;
                foreach (var d in network.Junctions[j].Demands)
                {
                    var id = d.Pattern ?? network.Options.DefaultPattern ?? "1";
                    double m = network.Patterns.TryGetValue(id, out var p) && p.Multipliers.Count > 0 ? p.Multipliers[(int)(period % p.Multipliers.Count)] : 1;
                    q += d.Base * m;
                }
                result[h][partition.AreaOfJunction[j]] += q * q;
            }
            for (int a = 0; a < areas; a++) result[h][a] = Math.Sqrt(result[h][a]);
        }
        return result;
    }

    public NightFlowOptions Options => _options;

    /// <summary>Each night's minimum hourly mean inflow by area (m³/s), by day index; NaN where the window was not read in full.</summary>
    public double[][] NightFlows(long[] times, double[][] areaInflow, int fromHour)
    {
        int areas = areaInflow.Length == 0 ? 0 : areaInflow[0].Length;
        int days = times.Length == 0 ? 0 : (int)(times[^1] / 86400) + 1;
        int hours = _options.Hours;
        if (hours < 1 || hours > 12) throw new ArgumentException($"NightFlowOptions.Hours ({hours}): 1 to 12");
        if (fromHour < 0 || fromHour + hours > 24) throw new ArgumentException($"NightFlowOptions.FromHour ({fromHour}): the window must end by midnight");
        // Sums and counts by day, hour of the window, area.
        var sum = new double[days, hours, areas];
        var count = new int[days, hours];
        for (int i = 0; i < times.Length; i++)
        {
            int h = (int)(times[i] % 86400 / 3600) - fromHour;
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
    /// <summary>The window's first hour: as set, or the <see cref="NightFlowOptions.Hours"/> in a row with the lowest training inflow.</summary>
    public int WindowStart(long[] times, double[][] areaInflow, long trainingStart, long trainingEnd)
    {
        if (_options.FromHour is { } set) return set;
        var sum = new double[24];
        var count = new int[24];
        for (int i = 0; i < times.Length; i++)
        {
            if (times[i] < trainingStart || times[i] >= trainingEnd) continue;
            int h = (int)(times[i] % 86400 / 3600);
            count[h]++;
            foreach (var q in areaInflow[i]) sum[h] += q;
        }
        int best = 0;
        double lowest = double.PositiveInfinity;
        for (int from = 0; from + _options.Hours <= 24; from++)
        {
            double total = 0;
            for (int h = from; h < from + _options.Hours; h++) total += sum[h] / Math.Max(1, count[h]);
            if (total < lowest) { lowest = total; best = from; }
        }
        return best;
    }

    public NightFlowAlarm? Detect(long[] times, double[][] areaInflow, long trainingStart, long trainingEnd)
    {
        int fromHour = WindowStart(times, areaInflow, trainingStart, trainingEnd);
        var night = NightFlows(times, areaInflow, fromHour);
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
        // Each area's relative wander: its concentration in the window (the mean over its hours), or 1 for all.
        var scale = new double[areas];
        for (int a = 0; a < areas; a++)
        {
            if (concentration is null) { scale[a] = 1; continue; }
            for (int h = fromHour; h < fromHour + _options.Hours; h++) scale[a] += concentration[h][a] / _options.Hours;
            scale[a] = Math.Max(scale[a], 1e-12);
        }
        // The training nights' own excesses: how far an area strays from the rest on a night without a leak.
        double factor = 0;
        int n = 0;
        for (int d = firstTraining; d < Math.Min(firstTest, night.Length); d++)
        {
            if (!Excess(night[d], baseline, excess)) continue;
            for (int a = 0; a < areas; a++) { factor += Math.Pow(excess[a] / scale[a], 2); n++; }
        }
        // Each training night is in the baseline, so its excess is shrunk by (nights − 1)/nights: undo that.
        factor = nights > 1 ? Math.Sqrt(factor / n * nights / (nights - 1)) : 0;
        var spread = new double[areas];
        for (int a = 0; a < areas; a++) spread[a] = Math.Max(factor * scale[a], _options.MinSpread * baseline.Sum());
        for (int d = firstTest; d < night.Length; d++)
        {
            long end = d * 86400L + (fromHour + _options.Hours) * 3600L;
            if (end < trainingEnd || !Excess(night[d], baseline, excess)) continue;
            int worst = 0;
            for (int a = 1; a < areas; a++) if (excess[a] / spread[a] > excess[worst] / spread[worst]) worst = a;
            double score = excess[worst] / spread[worst];
            if (score < _options.Threshold) continue;
            long start = Onset(times, areaInflow, worst, trainingStart, trainingEnd, end);
            return new NightFlowAlarm(worst, end, start, excess[worst], score);
        }
        return null;
    }

    /// <summary>Each area's night flow over its baseline scaled by the median of all areas' ratios (the city's common move), m³/s.</summary>
    private static bool Excess(double[] night, double[] baseline, double[] excess)
    {
        if (double.IsNaN(night[0])) return false;
        for (int a = 0; a < night.Length; a++) excess[a] = night[a] / Math.Max(1e-12, baseline[a]);
        double median = Median(excess);
        for (int a = 0; a < night.Length; a++) excess[a] = night[a] - median * baseline[a];
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
