namespace CityMesh.Cli.Bench;

/// <summary>Latency samples in milliseconds, summarised by nearest-rank percentiles.</summary>
public sealed class Percentiles(int capacity)
{
    private readonly List<double> _samples = new(capacity);

    public void Add(TimeSpan elapsed) => _samples.Add(elapsed.TotalMilliseconds);

    public double this[double percentile]
    {
        get
        {
            if (_samples.Count == 0) return double.NaN;
            var sorted = _samples.Order().ToArray();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public double Mean => _samples.Count == 0 ? double.NaN : _samples.Average();
}
