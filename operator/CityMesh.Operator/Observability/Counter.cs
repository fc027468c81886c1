namespace CityMesh.Operator.Observability;

/// <summary>A count that only ever goes up (an observable counter reads it), safe from any thread, no allocation per increment.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
