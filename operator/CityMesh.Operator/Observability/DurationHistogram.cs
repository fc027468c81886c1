namespace CityMesh.Operator.Observability;

/// <summary>
/// A fixed-bucket histogram of durations in seconds. Each observation bumps one bucket and the sum with Interlocked
/// (no lock, no allocation); buckets are made cumulative only when scraped, and the count is their total, so the
/// +Inf bucket always equals the count even while workers observe concurrently.
/// </summary>
public sealed class DurationHistogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts; // per bucket, not cumulative; the last holds what exceeds every bound
    private long _sumTicks;          // ticks, so the sum is one Interlocked.Add

    public DurationHistogram(IReadOnlyList<double> upperBounds)
    {
        _bounds = [.. upperBounds];
        for (int i = 1; i < _bounds.Length; i++)
        {
            if (!(_bounds[i] > _bounds[i - 1])) throw new ArgumentException("Bucket bounds must ascend.", nameof(upperBounds));
        }
        _counts = new long[_bounds.Length + 1];
    }

    public void Observe(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;
        double seconds = duration.TotalSeconds;
        int i = 0;
        while (i < _bounds.Length && seconds > _bounds[i]) i++;
        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumTicks, duration.Ticks);
    }

    public HistogramSnapshot Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (int i = 0; i < _counts.Length; i++) cumulative[i] = running += Interlocked.Read(ref _counts[i]);
        return new HistogramSnapshot(_bounds, cumulative, TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds);
    }
}
