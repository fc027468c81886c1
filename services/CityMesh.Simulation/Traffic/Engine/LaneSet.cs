namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>A set of lanes, each at most once, in the order added; cleared without touching the lanes not in it.</summary>
internal sealed class LaneSet(int lanes)
{
    private readonly int[] _lanes = new int[Math.Max(1, lanes)];
    private readonly bool[] _member = new bool[Math.Max(1, lanes)];

    public int Count { get; private set; }

    public int this[int i] => _lanes[i];

    public void Add(int lane)
    {
        if (_member[lane]) return;
        _member[lane] = true;
        _lanes[Count++] = lane;
    }

    public void Clear()
    {
        for (int i = 0; i < Count; i++) _member[_lanes[i]] = false;
        Count = 0;
    }
}
