namespace CityMesh.Operator.Observability;

/// <param name="UpperBounds">The finite bucket bounds, ascending; +Inf is implied.</param>
/// <param name="Cumulative">Observations ≤ each bound, then the +Inf bucket, which is the count.</param>
/// <param name="Sum">Sum of all observations.</param>
public sealed record HistogramSnapshot(IReadOnlyList<double> UpperBounds, long[] Cumulative, double Sum)
{
    public long Count => Cumulative[^1];
}
