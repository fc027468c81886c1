namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The vehicles on each lane, front (largest position) first, as one pooled array of ring buffers sized once from
/// the lane's length: vehicles leave at the front and enter at the back, so both are O(1) and nothing allocates.
/// </summary>
internal sealed class LaneQueues
{
    private readonly int[] _start, _capacity, _head, _count;
    private readonly int[] _slots;

    public LaneQueues(RoadTables roads, float shortestVehicle)
    {
        int lanes = roads.LaneCount;
        _start = new int[lanes + 1];
        _capacity = new int[lanes];
        _head = new int[lanes];
        _count = new int[lanes];
        var longestVia = new float[lanes];
        for (int c = 0; c < roads.ConnectionCount; c++)
            longestVia[roads.ConnFrom[c]] = Math.Max(longestVia[roads.ConnFrom[c]], roads.ConnVia[c]);
        for (int l = 0; l < lanes; l++)
        {
            // Vehicles crossing the junction still belong to their approach lane, hence the via.
            _capacity[l] = (int)Math.Ceiling((roads.LaneLength[l] + longestVia[l]) / Math.Max(shortestVehicle, 0.5f)) + 2;
            _start[l + 1] = _start[l] + _capacity[l];
        }
        _slots = new int[_start[lanes]];
    }

    public int Count(int lane) => _count[lane];

    public bool IsFull(int lane) => _count[lane] == _capacity[lane];

    /// <summary>The i-th vehicle from the front.</summary>
    public int At(int lane, int i)
    {
        int k = _head[lane] + i;
        if (k >= _capacity[lane]) k -= _capacity[lane];
        return _slots[_start[lane] + k];
    }

    /// <summary>Puts <paramref name="vehicle"/> in the i-th slot from the front; the caller keeps the order by position.</summary>
    public void Set(int lane, int i, int vehicle)
    {
        int k = _head[lane] + i;
        if (k >= _capacity[lane]) k -= _capacity[lane];
        _slots[_start[lane] + k] = vehicle;
    }

    public int Front(int lane) => At(lane, 0);

    public int Back(int lane) => At(lane, _count[lane] - 1);

    public void PopFront(int lane)
    {
        _head[lane] = _head[lane] + 1 == _capacity[lane] ? 0 : _head[lane] + 1;
        _count[lane]--;
    }

    /// <summary>Removes the i-th vehicle from the front, closing the hole towards the back.</summary>
    public void RemoveAt(int lane, int i)
    {
        for (int k = i; k < _count[lane] - 1; k++) Set(lane, k, At(lane, k + 1));
        _count[lane]--;
    }

    /// <summary>
    /// Where a vehicle at <paramref name="position"/> belongs: the index of the first vehicle behind it (the queue runs
    /// front first, positions never rising), found by bisection since lane changers ask it of long queues.
    /// </summary>
    public int IndexFor(int lane, float position, float[] positions)
    {
        int low = 0, high = _count[lane];
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (positions[At(lane, mid)] < position) high = mid;
            else low = mid + 1;
        }
        return low;
    }

    /// <summary>Inserts keeping the order by position (usually at the back); false when the lane is full.</summary>
    public bool Insert(int lane, int vehicle, float[] positions) => Insert(lane, vehicle, positions, out _);

    /// <param name="index">Where it went, counted from the front.</param>
    public bool Insert(int lane, int vehicle, float[] positions, out int index)
    {
        index = -1;
        if (IsFull(lane)) return false;
        index = IndexFor(lane, positions[vehicle], positions);
        _count[lane]++;
        for (int k = _count[lane] - 1; k > index; k--) Set(lane, k, At(lane, k - 1));
        Set(lane, index, vehicle);
        return true;
    }

    public int TotalCapacity => _slots.Length;
}
