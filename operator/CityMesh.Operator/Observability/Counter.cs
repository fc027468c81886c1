namespace CityMesh.Operator.Observability;

/// <summary>A Prometheus counter: only ever goes up, safe from any thread, no allocation per increment.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
