using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// Aggregates one attribute's selected history in one pass: the entries are in time order, so each period's
/// instances are contiguous and one running accumulator at a time suffices.
/// </summary>
internal static class HistoryAggregator
{
    /// <param name="entries">Oldest first, at least one.</param>
    public static AggregatedAttribute Aggregate(TemporalQuery query, TemporalAggregation aggregation, ReadOnlySpan<HistoryEntry> entries)
    {
        var oldest = new DateTimeOffset(entries[0].Ticks, TimeSpan.Zero);
        var origin = TemporalAggregation.Origin(query, oldest);
        var periods = new List<AggregateValues>();
        var current = new Accumulator(aggregation.BucketOf(origin, oldest));
        foreach (var e in entries)
        {
            var bucket = aggregation.BucketOf(origin, new DateTimeOffset(e.Ticks, TimeSpan.Zero));
            if (bucket != current.Bucket)
            {
                periods.Add(current.Result());
                current = new Accumulator(bucket);
            }
            current.Add(e.Value);
        }
        periods.Add(current.Result());
        return new AggregatedAttribute(oldest, new DateTimeOffset(entries[^1].Ticks, TimeSpan.Zero), periods);
    }

    /// <summary>One period's running totals; the standard deviation by Welford's method, which stays exact for large values.</summary>
    private sealed class Accumulator(long bucket)
    {
        private readonly HashSet<TwinValue> _distinct = [];
        private long _count;
        private long _numbers;
        private double _sum, _sumsq, _min = double.PositiveInfinity, _max = double.NegativeInfinity, _mean, _m2;

        public long Bucket => bucket;

        public void Add(TwinValue value)
        {
            _count++;
            _distinct.Add(value);
            if (!value.IsNumber) return;
            var x = value.Number;
            _numbers++;
            _sum += x;
            _sumsq += x * x;
            _min = Math.Min(_min, x);
            _max = Math.Max(_max, x);
            var delta = x - _mean;
            _mean += delta / _numbers;
            _m2 += delta * (x - _mean);
        }

        public AggregateValues Result() => _numbers == 0
            ? new(bucket, _count, _distinct.Count, null, null, null, null, null, null)
            : new(bucket, _count, _distinct.Count, _sum, _sum / _numbers, _min, _max, Math.Sqrt(_m2 / _numbers), _sumsq);
    }
}
