namespace CityMesh.Transport.Forecasting.Live;

/// <summary>
/// One detector's readings folded into 5-minute slots (absolute slot numbers), the last <see cref="Capacity"/> kept
/// in a ring: a slot's value is the mean of the readings that fell in it.
/// </summary>
internal sealed class RecentSlots
{
    public const int Capacity = 40;
    private readonly long[] _slot = new long[Capacity];
    private readonly double[] _flow = new double[Capacity], _speed = new double[Capacity];
    private readonly int[] _flows = new int[Capacity], _speeds = new int[Capacity];

    public RecentSlots() => Array.Fill(_slot, long.MinValue);

    /// <summary>The newest slot that has a reading; null before the first.</summary>
    public long? Latest { get; private set; }

    public void Add(long slot, double? flow, double? speed)
    {
        if (Latest is { } latest && slot <= latest - Capacity) return; // older than anything kept
        int i = (int)(((slot % Capacity) + Capacity) % Capacity);
        if (_slot[i] != slot)
        {
            _slot[i] = slot;
            _flow[i] = _speed[i] = 0;
            _flows[i] = _speeds[i] = 0;
        }
        if (flow is { } f && double.IsFinite(f)) { _flow[i] += f; _flows[i]++; }
        if (speed is { } s && double.IsFinite(s)) { _speed[i] += s; _speeds[i]++; }
        if (Latest is null || slot > Latest) Latest = slot;
    }

    public float Flow(long slot) => Value(slot, _flow, _flows);

    public float Speed(long slot) => Value(slot, _speed, _speeds);

    private float Value(long slot, double[] sum, int[] count)
    {
        int i = (int)(((slot % Capacity) + Capacity) % Capacity);
        return _slot[i] == slot && count[i] > 0 ? (float)(sum[i] / count[i]) : float.NaN;
    }
}
