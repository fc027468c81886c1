namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// A generated data set in memory: the sensors, their channels (one per sensor kind and quantity), sample times
/// (<see cref="Start"/> + t × <see cref="Interval"/>, carrying the city's offset) and the truth about its anomalies.
/// </summary>
public sealed class TelemetrySeries(
    TelemetrySynthesisOptions options, int seed, IReadOnlyList<SensorSite> sites, IReadOnlyList<TelemetryChannel> channels,
    IReadOnlyList<AnomalyLabel> labels)
{
    public TelemetrySynthesisOptions Options => options;
    public int Seed => seed;
    public IReadOnlyList<SensorSite> Sites => sites;
    public IReadOnlyList<TelemetryChannel> Channels => channels;
    public IReadOnlyList<AnomalyLabel> Labels => labels;

    public DateTimeOffset Start { get; } = options.Start;

    /// <summary>How long generating took (zero for a series read from files), for the summary's seconds.</summary>
    public TimeSpan GenerationTime { get; internal init; }
    public TimeSpan Interval => options.Interval;
    public int Steps => options.Steps;

    public DateTimeOffset TimeAt(int step) => Start + Interval * step;

    private (TelemetryChannel Channel, int Row)[][]? _bySite;

    /// <summary>The channels of series site <paramref name="site"/> (in its kind's quantity order) and its row in each.</summary>
    public IReadOnlyList<(TelemetryChannel Channel, int Row)> ChannelsOf(int site)
    {
        _bySite ??= BySite();
        return _bySite[site];
    }

    private (TelemetryChannel, int)[][] BySite()
    {
        var bySite = new List<(TelemetryChannel, int)>[sites.Count];
        for (var s = 0; s < bySite.Length; s++) bySite[s] = [];
        foreach (var channel in channels)
            for (var i = 0; i < channel.SiteIndexes.Length; i++) bySite[channel.SiteIndexes[i]].Add((channel, i));
        return [.. bySite.Select(l => l.ToArray())];
    }

    /// <summary>The channel of a quantity of a kind, or null.</summary>
    public TelemetryChannel? Channel(string kind, string quantity) =>
        channels.FirstOrDefault(c => c.Kind == kind && c.Quantity.Name == quantity);

    /// <summary>The samples of one sensor's quantity.</summary>
    /// <exception cref="ArgumentException">The sensor does not read that quantity.</exception>
    public Span<float> Samples(string sensorId, string quantity)
    {
        foreach (var channel in channels)
        {
            if (channel.Quantity.Name != quantity) continue;
            var row = Array.FindIndex(channel.SiteIndexes, i => sites[i].Id == sensorId);
            if (row >= 0) return channel.Row(row);
        }
        throw new ArgumentException($"sensor '{sensorId}' has no '{quantity}' series", nameof(sensorId));
    }

    /// <summary>Samples present (not missing) over all channels.</summary>
    public long PresentSamples()
    {
        long present = 0;
        foreach (var channel in channels)
            foreach (var v in channel.Values)
                if (!float.IsNaN(v)) present++;
        return present;
    }
}
