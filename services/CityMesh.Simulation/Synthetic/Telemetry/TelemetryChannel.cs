namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// One quantity of one sensor kind over all its sensors and samples, structure-of-arrays: the value of the kind's
/// i-th sensor (series site <c>SiteIndexes[i]</c>) at step t is <c>Values[i * steps + t]</c>; NaN is a missing sample.
/// </summary>
public sealed class TelemetryChannel(string kind, SensorQuantity quantity, int[] siteIndexes, float[] values)
{
    public string Kind => kind;
    public SensorQuantity Quantity => quantity;

    /// <summary>Indexes into <see cref="TelemetrySeries.Sites"/>, in the order of the rows of <see cref="Values"/>.</summary>
    public int[] SiteIndexes => siteIndexes;

    public float[] Values => values;

    public int Steps => siteIndexes.Length == 0 ? 0 : values.Length / siteIndexes.Length;

    /// <summary>The samples of the channel's i-th sensor.</summary>
    public Span<float> Row(int i) => values.AsSpan(i * Steps, Steps);
}
