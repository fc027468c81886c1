namespace CityMesh.Simulation.Air.Index;

/// <summary>
/// One station's rolling means, a <see cref="RollingMean"/> per pollutant, and the valid means an index judges: what
/// the service keeps per AirQualityObserved entity and hands to <see cref="AirIndex.Evaluate"/> and
/// <see cref="Alerts.AirAlerts.Update"/>. Not thread-safe.
/// </summary>
public sealed class StationMeans(TimeSpan? maxReadingGap = null, double minCoverage = 0.75)
{
    private readonly Dictionary<string, RollingMean> _means = new(StringComparer.Ordinal);
    private readonly TimeSpan _gap = maxReadingGap ?? TimeSpan.FromMinutes(15);

    /// <summary>Adds a reading of a pollutant (a NaN value is a gap).</summary>
    public void Add(string pollutant, DateTimeOffset time, double value)
    {
        if (!_means.TryGetValue(pollutant, out var mean)) _means[pollutant] = mean = new RollingMean(_gap, minCoverage);
        mean.Add(time, value);
    }

    public AirMean? Mean(string pollutant, DateTimeOffset at, int hours) => _means.TryGetValue(pollutant, out var m) ? m.Mean(at, hours) : null;

    /// <summary>The valid mean of each pollutant the index covers, over that pollutant's averaging time, ending at <paramref name="at"/>.</summary>
    public IReadOnlyDictionary<string, double> IndexMeans(AirIndex index, DateTimeOffset at)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pollutant, mean) in _means)
            if (index.Covers(pollutant) && mean.Mean(at, index.AveragingHours(pollutant)) is { Valid: true } m) result[pollutant] = m.Value;
        return result;
    }
}
