namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The vehicles inside junctions (past their lane's end, on the path across: the lane's front vehicles whose position
/// exceeds its length), listed by the lane they are about to enter, nearest to it first, with the distance each still
/// has to go. A vehicle heading to the same lane sees them as leaders before that lane's last vehicle, as SUMO's
/// vehicles see the ones on other internal lanes merging into their target (its link leaders): without this two
/// vehicles from links that do not yield to each other reach the lane in the same step and overlap, which SUMO
/// counts as a collision. Not at unregulated junctions (<see cref="RoadTables.ConnSeen"/>), where SUMO's merges do
/// collide. Noted on the host as the transfers leave vehicles inside junctions (<see cref="LaneTransfers"/>, which
/// looks at every lane's front anyway), withdrawn when one is teleported, and read by the next step's speed planning on
/// either backend (<see cref="Gpu.DeviceTraffic"/> uploads the same arrays). Lane changes never move a vehicle inside a
/// junction, and insertion puts none there. Few vehicles are inside junctions at once, so each lane's list is a short
/// linked list kept in order as it is built.
/// </summary>
internal sealed class JunctionMerges
{
    /// <summary>Per lane, the entry of the vehicle nearest to entering it; -1 when none is on its way in.</summary>
    public readonly int[] Head;
    /// <summary>Per entry: the vehicle, how far its front still is from the lane's start, and the next entry (-1: last).</summary>
    public readonly int[] Vehicles, Next;
    public readonly float[] Remaining;
    public int Count;
    private readonly int[] _listed;

    public JunctionMerges(int lanes, int vehicles)
    {
        Head = new int[Math.Max(1, lanes)];
        Array.Fill(Head, -1);
        Vehicles = new int[Math.Max(1, vehicles)];
        Next = new int[Math.Max(1, vehicles)];
        Remaining = new float[Math.Max(1, vehicles)];
        _listed = new int[Math.Max(1, vehicles)];
    }

    /// <summary>Empties the lists; only the lanes listed have a head to clear (at most one per entry).</summary>
    public void Clear()
    {
        for (int k = 0; k < Count; k++) Head[_listed[k]] = -1;
        Count = 0;
    }

    /// <summary>Lists <paramref name="v"/>, on <paramref name="lane"/>, if it is inside the junction at the lane's end; false if it is not.</summary>
    public bool Note(TrafficState s, int lane, int v)
    {
        var roads = s.Roads;
        int conn = s.Fleet.NextConnection[v];
        float past = s.Fleet.Position[v] - roads.LaneLength[lane];
        if (past <= 0f || conn < 0) return false;
        if (roads.ConnSeen[conn]) Add(roads.ConnTo[conn], v, roads.ConnVia[conn] - past);
        return true;
    }

    /// <summary>Takes a vehicle that left the road (teleported) off its list, if it is on one.</summary>
    public void Remove(int v)
    {
        for (int entry = 0; entry < Count; entry++)
        {
            if (Vehicles[entry] != v) continue;
            int lane = _listed[entry], previous = -1;
            for (int k = Head[lane]; k >= 0; previous = k, k = Next[k])
            {
                if (k != entry) continue;
                if (previous < 0) Head[lane] = Next[k];
                else Next[previous] = Next[k];
                return;
            }
        }
    }

    /// <summary>Puts the vehicle into its target lane's list, nearest first (ties by vehicle index, so the order never depends on the lane scan).</summary>
    private void Add(int lane, int v, float remaining)
    {
        int entry = Count;
        Vehicles[entry] = v;
        Remaining[entry] = remaining;
        _listed[entry] = lane;
        Count++;
        int previous = -1, k = Head[lane];
        while (k >= 0 && (Remaining[k] < remaining || (Remaining[k] == remaining && Vehicles[k] < v)))
        {
            previous = k;
            k = Next[k];
        }
        Next[entry] = k;
        if (previous < 0) Head[lane] = entry;
        else Next[previous] = entry;
    }

    /// <summary>
    /// The vehicle merging into <paramref name="lane"/> nearest ahead of one that is <paramref name="own"/> metres
    /// from it (the last of those closer to it), other than <paramref name="v"/>; -1 when none.
    /// </summary>
    public int LeaderAhead(int lane, int v, float own, out float remaining)
    {
        remaining = 0f;
        int found = -1;
        for (int k = Head[lane]; k >= 0 && Remaining[k] < own; k = Next[k])
        {
            if (Vehicles[k] == v) continue;
            found = Vehicles[k];
            remaining = Remaining[k];
        }
        return found;
    }
}
