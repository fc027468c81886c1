namespace CityMesh.Simulation.Air.Faults;

/// <summary>
/// Finds faulty sensors in one pollutant's series at several stations (<see cref="StationSeries"/>), in phases:
/// <list type="number">
/// <item>out of range: readings outside the pollutant's plausible range (<see cref="SensorFaultOptions.Range"/>);</item>
/// <item>stuck: a run of repeated readings (within <see cref="SensorFaultOptions.StuckTolerance"/>) lasting
/// <see cref="SensorFaultOptions.StuckMinDuration"/>; its samples are left out of what follows;</item>
/// <item>reference: per station, the median over the other stations of their readings divided by their typical
/// (median) level, a robust regional signal that one faulty neighbour cannot move;</item>
/// <item>calibration: the station against its reference, x ≈ a + b·m, fitted by iteratively reweighted least squares
/// (Tukey's bisquare) so that faulty stretches get no weight; affine because a station's exposure scales only the
/// local (traffic) part of its air, not the background;</item>
/// <item>offsets: the residual, clipped at <see cref="SensorFaultOptions.ClipSigmas"/> robust σ and smoothed by a
/// centred mean over <see cref="SensorFaultOptions.DriftWindow"/>, beyond both <see cref="SensorFaultOptions.DriftSigmas"/>
/// of its own robust σ and <see cref="SensorFaultOptions.DriftMinShare"/> of the level, for at least
/// <see cref="SensorFaultOptions.OffsetMinDuration"/>. Whether a ramp or a step fits the residual better tells a
/// drift from a level shift, and where it starts;</item>
/// <item>spikes: short runs of raw residual beyond <see cref="SensorFaultOptions.SpikeSigmas"/> outside offsets.</item>
/// </list>
/// A batch over a trailing window rather than a per-reading filter: drift is only visible over hours, and the
/// calibration needs days. Scanning the last few days every hour costs milliseconds for a city's stations.
/// </summary>
public static class SensorFaults
{
    /// <exception cref="ArgumentException">The options or the series' shapes are invalid; the message names the field.</exception>
    public static IReadOnlyList<SensorFault> Scan(StationSeries series, SensorFaultOptions? options = null)
    {
        var o = options ?? new SensorFaultOptions();
        var errors = o.Validate();
        if (errors.Count > 0) throw new ArgumentException("sensor fault options are invalid: " + string.Join("; ", errors), nameof(options));
        series.Check();
        int n = series.Stations.Count, steps = series.Steps;
        var faults = new List<SensorFault>();
        var x = series.Values.Select(v => (double[])v.Clone()).ToArray();
        if (o.Range.TryGetValue(series.Pollutant, out var range))
            for (var s = 0; s < n; s++) OutOfRange(series, s, x[s], range, faults);
        for (var s = 0; s < n; s++) Stuck(series, s, x[s], o, faults);

        var scratch = new double[Math.Max(n, steps)];
        var levels = new double[n];
        for (var s = 0; s < n; s++) levels[s] = RobustStats.Median(x[s], scratch);
        var others = new double[n];
        var reference = new double[steps];
        var residual = new double[steps];
        var smooth = new double[steps];
        for (var s = 0; s < n; s++)
        {
            var level = levels[s];
            if (!(level > 0)) continue;
            Reference(x, levels, s, o.MinNeighbours, others, reference);
            if (!Calibrate(x[s], reference, level, scratch, out var a, out var b)) continue;
            for (var t = 0; t < steps; t++) residual[t] = x[s][t] - a - b * reference[t];
            RemoveDailyPattern(series, residual, scratch);
            var sigma = Math.Max(RobustStats.Sigma(residual, scratch), 1e-6 * level);
            var offsets = Offsets(series, s, residual, sigma, level, o, scratch, smooth, faults);
            Spikes(series, s, residual, sigma, level, offsets, o, faults);
        }
        faults.Sort((p, q) => p.Start != q.Start ? p.Start.CompareTo(q.Start) : string.CompareOrdinal(p.Station, q.Station));
        return faults;
    }

    private static void OutOfRange(StationSeries series, int s, double[] x, (double Min, double Max) range, List<SensorFault> faults)
    {
        for (var t = 0; t < x.Length; t++)
        {
            if (!double.IsFinite(x[t]) || (x[t] >= range.Min && x[t] <= range.Max)) continue;
            var first = t;
            var worst = x[t];
            while (t < x.Length && double.IsFinite(x[t]) && (x[t] < range.Min || x[t] > range.Max))
            {
                if (Math.Abs(x[t]) > Math.Abs(worst)) worst = x[t];
                x[t++] = double.NaN;
            }
            faults.Add(new(series.Stations[s], series.Pollutant, SensorFaultKinds.OutOfRange, series.TimeAt(first), series.TimeAt(t - 1), worst));
        }
    }

    private static void Stuck(StationSeries series, int s, double[] x, SensorFaultOptions o, List<SensorFault> faults)
    {
        var minSamples = Math.Max(o.StuckMinSamples, (int)Math.Ceiling(o.StuckMinDuration / series.Interval));
        var t = 0;
        while (t < x.Length)
        {
            if (!double.IsFinite(x[t])) { t++; continue; }
            var end = t + 1;
            while (end < x.Length && double.IsFinite(x[end]) && Math.Abs(x[end] - x[t]) <= o.StuckTolerance) end++;
            if (end - t < minSamples) { t++; continue; }
            faults.Add(new(series.Stations[s], series.Pollutant, SensorFaultKinds.Stuck, series.TimeAt(t), series.TimeAt(end - 1), x[t]));
            Array.Fill(x, double.NaN, t, end - t);
            t = end;
        }
    }

    /// <summary>The median over the other stations of their readings over their levels, NaN where too few read.</summary>
    private static void Reference(double[][] x, double[] levels, int s, int minNeighbours, double[] others, double[] reference)
    {
        for (var t = 0; t < reference.Length; t++)
        {
            var count = 0;
            for (var j = 0; j < x.Length; j++)
                if (j != s && levels[j] > 0 && double.IsFinite(x[j][t])) others[count++] = x[j][t] / levels[j];
            reference[t] = count >= minNeighbours ? RobustStats.MedianInPlace(others.AsSpan(0, count)) : double.NaN;
        }
    }

    /// <summary>x ≈ a + b·m by IRLS with bisquare weights (tuning 4.685 σ, 95 % efficient on clean normal data), from b = level.</summary>
    private static bool Calibrate(double[] x, double[] m, double level, double[] scratch, out double a, out double b)
    {
        (a, b) = (0, level);
        var residual = new double[x.Length];
        for (var iteration = 0; iteration < 6; iteration++)
        {
            for (var t = 0; t < x.Length; t++) residual[t] = x[t] - a - b * m[t];
            var sigma = RobustStats.Sigma(residual, scratch);
            if (!(sigma > 0)) return iteration > 0;
            var c = 4.685 * sigma;
            double sw = 0, sm = 0, sx = 0, smm = 0, smx = 0;
            for (var t = 0; t < x.Length; t++)
            {
                var r = residual[t];
                if (!double.IsFinite(r) || Math.Abs(r) >= c) continue;
                var u = r / c;
                var w = (1 - u * u) * (1 - u * u);
                sw += w; sm += w * m[t]; sx += w * x[t]; smm += w * m[t] * m[t]; smx += w * m[t] * x[t];
            }
            var det = sw * smm - sm * sm;
            if (sw <= 0 || Math.Abs(det) < 1e-12 * sw * sw) return false;
            b = (sw * smx - sm * sx) / det;
            a = (sx - b * sm) / sw;
        }
        return true;
    }

    /// <summary>
    /// Subtracts the median residual of each hour of the day (the series' local clock): a station's own daily shape
    /// differs from the region's in ways one affine map cannot follow (its traffic share against its background), and
    /// that daily wave would otherwise set the offset threshold. Faults strike at random hours, so medians ignore them.
    /// </summary>
    private static void RemoveDailyPattern(StationSeries series, double[] residual, double[] scratch)
    {
        var perDay = TimeSpan.FromDays(1) / series.Interval;
        if (residual.Length < 2 * perDay) return; // under two days a daily pattern cannot be told from a fault
        Span<double> median = stackalloc double[24];
        var hours = new int[residual.Length];
        for (var t = 0; t < residual.Length; t++) hours[t] = series.TimeAt(t).Hour;
        for (var h = 0; h < 24; h++)
        {
            var n = 0;
            for (var t = 0; t < residual.Length; t++)
                if (hours[t] == h && double.IsFinite(residual[t])) scratch[n++] = residual[t];
            median[h] = n == 0 ? 0 : RobustStats.MedianInPlace(scratch.AsSpan(0, n));
        }
        for (var t = 0; t < residual.Length; t++) residual[t] -= median[hours[t]];
    }

    /// <summary>Drift and level-shift episodes; returns a mask of their samples for the spike phase.</summary>
    private static bool[] Offsets(StationSeries series, int s, double[] residual, double sigma, double level, SensorFaultOptions o,
        double[] scratch, double[] smooth, List<SensorFault> faults)
    {
        var steps = residual.Length;
        var window = Math.Max(1, (int)Math.Round(o.DriftWindow / series.Interval));
        var half = window / 2;
        // Centred mean of the clipped residual by prefix sums; a point needs half its window present.
        var sum = new double[steps + 1];
        var count = new int[steps + 1];
        var clip = o.ClipSigmas * sigma;
        for (var t = 0; t < steps; t++)
        {
            var r = residual[t];
            var present = double.IsFinite(r);
            sum[t + 1] = sum[t] + (present ? Math.Clamp(r, -clip, clip) : 0);
            count[t + 1] = count[t] + (present ? 1 : 0);
        }
        for (var t = 0; t < steps; t++)
        {
            int from = Math.Max(0, t - half), to = Math.Min(steps, t + half + 1);
            var k = count[to] - count[from];
            smooth[t] = k * 2 >= to - from && double.IsFinite(residual[t]) ? (sum[to] - sum[from]) / k : double.NaN;
        }
        var threshold = Math.Max(o.DriftSigmas * RobustStats.Sigma(smooth, scratch), o.DriftMinShare * level);
        var mask = new bool[steps];
        var minLength = (int)Math.Ceiling(o.OffsetMinDuration / series.Interval);
        var t0 = 0;
        var previousEnd = -1;
        while (t0 < steps)
        {
            if (!(Math.Abs(smooth[t0]) > threshold)) { t0++; continue; }
            var sign = Math.Sign(smooth[t0]);
            var last = t0;
            // Extend over same-signed exceedances, bridging gaps shorter than the window (a dip of noise, a dropout).
            for (var t = t0 + 1; t < steps && t - last <= window; t++)
                if (smooth[t] * sign > threshold) last = t;
            var first = t0;
            // The smoothed edge lags a sharp end by up to half a window: take in the raw samples still beyond the threshold.
            while (last + 1 < steps && residual[last + 1] * sign > threshold) last++;
            while (first > previousEnd + 1 && residual[first - 1] * sign > threshold) first--;
            t0 = last + 1;
            if (last - first + 1 < minLength) continue;
            for (var t = first; t <= last; t++) mask[t] = true;
            faults.Add(Classify(series, s, residual, first, last, sign, level, previousEnd + 1));
            previousEnd = last;
        }
        return mask;
    }

    /// <summary>
    /// Drift or level shift: over the episode and as long again before it, the raw residual is fitted by a step
    /// (0, then h from sample k) and by a ramp (0, then g·(t − k) from sample k), each with its best k; the better fit
    /// names the kind and k its start. Looking before the episode matters: a drift crosses the threshold late, and
    /// within the episode alone its top part can look flat. Raw, not clipped: clipping flattens a ramp's top into a step.
    /// </summary>
    private static SensorFault Classify(StationSeries series, int s, double[] residual, int first, int last, int sign, double level, int earliest)
    {
        var from = Math.Max(earliest, first - (last - first + 1));
        var length = last - from + 1;
        // Suffix sums over present samples let each candidate k be fitted in O(1).
        var r = new double[length];
        var present = new bool[length];
        for (var i = 0; i < length; i++)
        {
            var v = residual[from + i];
            present[i] = double.IsFinite(v);
            r[i] = present[i] ? v : 0;
        }
        double total = 0;
        for (var i = 0; i < length; i++) total += r[i] * r[i];
        double sn = 0, sr = 0, su = 0, suu = 0, sur = 0;
        double bestStep = double.MaxValue, bestRamp = double.MaxValue, stepHeight = 0, rampSlope = 0;
        int stepAt = first - from, rampAt = first - from;
        // Walk k from the end back to the start; u = t − k for the samples at or after k.
        for (var k = length - 1; k >= 0; k--)
        {
            // Shift u by one for every sample already in the sums (u grows by 1 as k moves back), then add sample k at u = 0.
            sur += sr; suu += 2 * su + sn; su += sn;
            if (present[k]) { sn++; sr += r[k]; }
            if (sn == 0) continue;
            var h = sr / sn;
            var stepSse = total - h * sr;
            if (h * sign > 0 && stepSse < bestStep) (bestStep, stepHeight, stepAt) = (stepSse, h, k);
            if (suu > 0)
            {
                var g = sur / suu;
                var rampSse = total - g * sur;
                if (g * sign > 0 && rampSse < bestRamp) (bestRamp, rampSlope, rampAt) = (rampSse, g, k);
            }
        }
        if (bestRamp < bestStep)
        {
            var end = rampSlope * (length - 1 - rampAt);
            return new(series.Stations[s], series.Pollutant, SensorFaultKinds.Drift, series.TimeAt(from + rampAt), series.TimeAt(last), end / level);
        }
        return new(series.Stations[s], series.Pollutant, SensorFaultKinds.LevelShift, series.TimeAt(from + stepAt), series.TimeAt(last), stepHeight / level);
    }

    private static void Spikes(StationSeries series, int s, double[] residual, double sigma, double level, bool[] offsets, SensorFaultOptions o, List<SensorFault> faults)
    {
        var limit = o.SpikeSigmas * sigma;
        var maxLength = Math.Max(1, (int)Math.Floor(o.SpikeMaxDuration / series.Interval));
        var t = 0;
        while (t < residual.Length)
        {
            if (offsets[t] || !(Math.Abs(residual[t]) > limit)) { t++; continue; }
            var first = t;
            var last = t;
            var peak = residual[t];
            // Bridge one quiet sample: a burst's samples need not all clear the limit.
            for (var k = t + 1; k < residual.Length && k - last <= 2 && !offsets[k]; k++)
                if (Math.Abs(residual[k]) > limit) { last = k; if (Math.Abs(residual[k]) > Math.Abs(peak)) peak = residual[k]; }
            t = last + 1;
            if (last - first + 1 <= maxLength)
                faults.Add(new(series.Stations[s], series.Pollutant, SensorFaultKinds.Spike, series.TimeAt(first), series.TimeAt(last), peak / level));
        }
    }
}
