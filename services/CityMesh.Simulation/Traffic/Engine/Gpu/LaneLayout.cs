namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// The host's lane queues flattened for the device each step: lane l holds Vehicles[First[l] .. First[l+1]), front
/// first (the ring buffers of <see cref="LaneQueues"/> are private to the host, and the host phases reorder them).
/// Also the occupied lanes, which lanes are full, and the window of vehicle indices on the road, the only part of
/// the per-vehicle arrays that the kernels read or write.
/// </summary>
internal sealed class LaneLayout
{
    public readonly int[] First, Vehicles, Active;
    public readonly byte[] Full;
    public int Slots, ActiveCount, WindowStart, WindowEnd;

    public LaneLayout(int lanes, int vehicles)
    {
        First = new int[lanes + 1];
        Vehicles = new int[Math.Max(1, vehicles)];
        Active = new int[Math.Max(1, lanes)];
        Full = new byte[lanes];
    }

    public void Build(LaneQueues queues)
    {
        int lanes = Full.Length, slot = 0, active = 0;
        int low = int.MaxValue, high = -1;
        for (int l = 0; l < lanes; l++)
        {
            First[l] = slot;
            int count = queues.Count(l);
            Full[l] = queues.IsFull(l) ? (byte)1 : (byte)0;
            if (count == 0) continue;
            Active[active++] = l;
            for (int i = 0; i < count; i++)
            {
                int v = queues.At(l, i);
                Vehicles[slot++] = v;
                if (v < low) low = v;
                if (v > high) high = v;
            }
        }
        First[lanes] = slot;
        Slots = slot;
        ActiveCount = active;
        (WindowStart, WindowEnd) = slot == 0 ? (0, 0) : (low, high + 1);
    }
}
