namespace CityMesh.Simulation.Traffic.Routing;

/// <summary>
/// A binary min-heap of (key, item) in preallocated arrays. Dijkstra pushes an item again instead of decreasing its
/// key and skips stale entries when they surface, so the heap never holds more than one entry per arc plus one.
/// </summary>
internal sealed class MinHeap(int capacity)
{
    private readonly double[] _keys = new double[Math.Max(capacity, 1)];
    private readonly int[] _items = new int[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Push(double key, int item)
    {
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_keys[parent] <= key) break;
            _keys[i] = _keys[parent];
            _items[i] = _items[parent];
            i = parent;
        }
        _keys[i] = key;
        _items[i] = item;
    }

    public (double Key, int Item) Pop()
    {
        var top = (_keys[0], _items[0]);
        var last = --Count;
        var key = _keys[last];
        var item = _items[last];
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= last) break;
            if (child + 1 < last && _keys[child + 1] < _keys[child]) child++;
            if (_keys[child] >= key) break;
            _keys[i] = _keys[child];
            _items[i] = _items[child];
            i = child;
        }
        _keys[i] = key;
        _items[i] = item;
        return top;
    }
}
