namespace CityMesh.Simulation.Air.Faults;

/// <summary>
/// One pollutant at several stations on a regular time grid: <c>Values[s][t]</c> is station <c>Stations[s]</c> at
/// <c>Start + t × Interval</c>; NaN is a missing sample. The service resamples its readings onto such a grid (a few
/// minutes) over a trailing window (a few days) to scan it.
/// </summary>
public sealed record StationSeries(string Pollutant, DateTimeOffset Start, TimeSpan Interval, IReadOnlyList<string> Stations, IReadOnlyList<double[]> Values)
{
    public int Steps => Values.Count == 0 ? 0 : Values[0].Length;

    public DateTimeOffset TimeAt(int step) => Start + Interval * step;

    /// <exception cref="ArgumentException">Shapes disagree; the message names the field.</exception>
    public void Check()
    {
        if (Interval <= TimeSpan.Zero) throw new ArgumentException($"Interval must be positive (got {Interval})", nameof(Interval));
        if (Stations is null || Values is null || Stations.Count != Values.Count)
            throw new ArgumentException($"Stations ({Stations?.Count}) and Values ({Values?.Count}) must have one entry per station", nameof(Values));
        for (var s = 0; s < Values.Count; s++)
            if (Values[s] is null || Values[s].Length != Steps)
                throw new ArgumentException($"Values[{s}] ({Stations[s]}) has {Values[s]?.Length} samples; Values[0] has {Steps}", nameof(Values));
    }
}
