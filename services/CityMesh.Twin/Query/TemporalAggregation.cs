namespace CityMesh.Twin.Query;

/// <summary>The NGSI-LD aggregation functions (<c>aggrMethods</c>), named as on the wire.</summary>
public enum AggregationMethod
{
    TotalCount,
    DistinctCount,
    Sum,
    Avg,
    Min,
    Max,
    Stddev,
    Sumsq,
}

/// <summary>
/// What to aggregate an entity's history into. <see cref="Period"/> null: one aggregate over the whole time range;
/// otherwise one per period, periods counted from the range's start (<see cref="Origin"/>).
/// </summary>
public sealed record TemporalAggregation(IReadOnlyList<AggregationMethod> Methods, TimeSpan? Period)
{
    /// <summary>
    /// Where the periods start for an attribute whose selected instances begin at <paramref name="oldest"/>: at
    /// timeAt when the query has a lower bound (after, between), else at the attribute's oldest instance.
    /// </summary>
    public static DateTimeOffset Origin(TemporalQuery query, DateTimeOffset oldest) =>
        query.Relation is TimeRelation.After or TimeRelation.Between ? query.TimeAt!.Value : oldest;

    /// <summary>Which period an instant falls in (0 for the first), counted from <paramref name="origin"/>.</summary>
    public long BucketOf(DateTimeOffset origin, DateTimeOffset at) => Period is { } p ? (at.UtcTicks - origin.UtcTicks) / p.Ticks : 0;

    /// <summary>
    /// The time span an aggregate covers: its period, or for the whole range from <see cref="Origin"/> to endTimeAt
    /// (between), timeAt (before) or the newest instance.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(TemporalQuery query, AggregatedAttribute attribute, long bucket)
    {
        var origin = Origin(query, attribute.Oldest);
        if (Period is { } p) return (origin.AddTicks(p.Ticks * bucket), origin.AddTicks(p.Ticks * (bucket + 1)));
        var end = query.Relation switch
        {
            TimeRelation.Between => query.EndTimeAt!.Value,
            TimeRelation.Before => query.TimeAt!.Value,
            _ => attribute.Newest,
        };
        return (origin, end);
    }
}

/// <summary>
/// The aggregates of one period of one attribute. Sum, Avg, Min, Max, Stddev (population) and Sumsq are over the
/// numeric instances and null when there are none; the counts are over every instance.
/// </summary>
public sealed record AggregateValues(long Bucket, long TotalCount, long DistinctCount, double? Sum, double? Avg, double? Min, double? Max,
    double? Stddev, double? Sumsq)
{
    public double? Of(AggregationMethod method) => method switch
    {
        AggregationMethod.TotalCount => TotalCount,
        AggregationMethod.DistinctCount => DistinctCount,
        AggregationMethod.Sum => Sum,
        AggregationMethod.Avg => Avg,
        AggregationMethod.Min => Min,
        AggregationMethod.Max => Max,
        AggregationMethod.Stddev => Stddev,
        _ => Sumsq,
    };
}

/// <summary>An attribute's aggregates, periods that hold no instance left out, oldest first.</summary>
/// <param name="Oldest">The attribute's oldest selected instance.</param>
/// <param name="Newest">Its newest selected instance.</param>
public sealed record AggregatedAttribute(DateTimeOffset Oldest, DateTimeOffset Newest, IReadOnlyList<AggregateValues> Periods);

/// <summary>An entity's history aggregated per attribute (those with no selected instance are absent).</summary>
public sealed record AggregatedEntity(string Id, string Type, IReadOnlyDictionary<string, AggregatedAttribute> Attributes);
