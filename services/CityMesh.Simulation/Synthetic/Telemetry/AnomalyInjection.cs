namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>Applies planned anomalies to clean channels in place and writes their labels.</summary>
internal static class AnomalyInjection
{
    /// <summary>Extra pressure loss at the leak, kPa per unit of magnitude, on top of the friction of the extra flow.</summary>
    private const double LeakPressureLoss = 60;

    public static List<AnomalyLabel> Apply(TelemetrySeries series, IReadOnlyList<AnomalyWindow> windows)
    {
        var sites = series.Sites;
        // Where each site's rows are: its channels (in quantity order) and its row in them.
        var rows = new (TelemetryChannel[] Channels, int Row)[sites.Count];
        foreach (var group in series.Channels.GroupBy(c => c.Kind))
        {
            var channels = group.ToArray();
            for (var i = 0; i < channels[0].SiteIndexes.Length; i++) rows[channels[0].SiteIndexes[i]] = (channels, i);
        }
        // Levels of the clean series, before any window changes them.
        var levels = windows.Where(w => w.Quantity >= 0).Select(w => (w.Site, w.Quantity)).Distinct()
            .ToDictionary(k => k, k => TypicalLevel(rows[k.Site].Channels[k.Quantity].Row(rows[k.Site].Row)));
        var labels = new List<AnomalyLabel>(windows.Count);
        foreach (var w in windows)
        {
            var (channels, row) = rows[w.Site];
            var site = sites[w.Site];
            var start = series.TimeAt(w.First);
            var end = series.TimeAt(w.Last);
            var length = w.Last - w.First + 1;
            if (w.Kind == AnomalyKinds.Dropout)
            {
                foreach (var channel in channels) channel.Row(row).Slice(w.First, length).Fill(float.NaN);
                labels.Add(new(site.Id, null, w.Kind, start, end, 0));
                continue;
            }
            if (w.Kind == AnomalyKinds.Leak)
            {
                Leak(channels[0].Row(row).Slice(w.First, length), channels[1].Row(row).Slice(w.First, length),
                    CleanSeries.DesignFlow(site, series.Seed), w.Magnitude);
                labels.Add(new(site.Id, null, w.Kind, start, end, w.Magnitude));
                continue;
            }
            var samples = channels[w.Quantity].Row(row);
            var level = levels[(w.Site, w.Quantity)];
            var window = samples.Slice(w.First, length);
            var magnitude = w.Magnitude;
            switch (w.Kind)
            {
                case AnomalyKinds.Spike:
                case AnomalyKinds.LevelShift:
                    for (var k = 0; k < length; k++) window[k] = MathF.Max(0, window[k] + (float)(magnitude * level));
                    break;
                case AnomalyKinds.Drift:
                    for (var k = 0; k < length; k++) window[k] = MathF.Max(0, window[k] + (float)(magnitude * level * (k + 1) / length));
                    break;
                case AnomalyKinds.Stuck:
                    window.Fill(window[0]);
                    magnitude = window[0];
                    break;
            }
            labels.Add(new(site.Id, channels[w.Quantity].Quantity.Name, w.Kind, start, end, magnitude));
        }
        labels.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.SensorId, b.SensorId));
        return labels;
    }

    /// <summary>
    /// A leak adds flow growing linearly to magnitude × design flow, most visible at night when demand is low; the
    /// meter's pressure falls with the square of the larger flow and with the loss at the leak.
    /// </summary>
    private static void Leak(Span<float> flow, Span<float> pressure, double design, double magnitude)
    {
        var length = flow.Length;
        for (var k = 0; k < length; k++)
        {
            var growth = (k + 1.0) / length;
            double before = flow[k], after = before + magnitude * design * growth;
            flow[k] = (float)after;
            var friction = CleanSeries.PressureFallAtDesign * (after * after - before * before) / (design * design);
            pressure[k] = (float)(pressure[k] - friction - LeakPressureLoss * magnitude * growth);
        }
    }

    /// <summary>Mean of the present samples: what relative magnitudes scale.</summary>
    private static double TypicalLevel(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in samples)
            if (!float.IsNaN(v)) { sum += v; count++; }
        return count == 0 ? 0 : sum / count;
    }
}
