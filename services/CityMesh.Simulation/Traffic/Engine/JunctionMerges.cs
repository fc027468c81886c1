namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The vehicles inside junctions (past their lane's end, on the path across: the lane's front vehicles whose position
/// exceeds its length), listed by the lane they are about to enter, nearest to it first, with the distance each still
/// has to go. A vehicle heading to the same lane sees them as leaders before that lane's last vehicle, as SUMO's
/// vehicles see the ones on other internal lanes merging into their target (its link leaders): without this two
/// vehicles from links that do not yield to each other reach the lane in the same step and overlap, which SUMO
/// counts as a collision. Not at unregulated junctions (<see cref="RoadTables.ConnSeen"/>), where SUMO's merges do
/// collide. Built on the host once per step, before the speeds are planned; the device kernels read
/// the same arrays (<see cref="Gpu.DeviceTraffic"/>).
/// </summary>
internal sealed class JunctionMerges
{
    /// <summary>Lane l's merging vehicles are Vehicles[First[l] .. First[l+1]), with Remaining ascending.</summary>
    public readonly int[] First;
    public readonly int[] Vehicles;
    /// <summary>How far each still is from the start of the lane it enters (its front; 0 at the lane's start).</summary>
    public readonly float[] Remaining;
    public int Count;

    public JunctionMerges(int lanes, int vehicles)
    {
        First = new int[lanes + 1];
        Vehicles = new int[Math.Max(1, vehicles)];
        Remaining = new float[Math.Max(1, vehicles)];
    }

    public void Build(TrafficState s)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        var roads = s.Roads;
        int lanes = roads.LaneCount;
        // Count per target lane into First[target + 1], then prefix sums, then place (a counting sort).
        Array.Clear(First);
        for (int lane = 0; lane < lanes; lane++)
            for (int i = 0; i < q.Count(lane); i++)
            {
                int v = q.At(lane, i);
                int conn = f.NextConnection[v];
                if (f.Position[v] <= roads.LaneLength[lane] || conn < 0) break;
                if (roads.ConnSeen[conn]) First[roads.ConnTo[conn] + 1]++;
            }
        for (int l = 0; l < lanes; l++) First[l + 1] += First[l];
        Count = First[lanes];
        if (Count == 0) return;
        for (int lane = 0; lane < lanes; lane++)
            for (int i = 0; i < q.Count(lane); i++)
            {
                int v = q.At(lane, i);
                int conn = f.NextConnection[v];
                if (f.Position[v] <= roads.LaneLength[lane] || conn < 0) break;
                if (!roads.ConnSeen[conn]) continue;
                int to = roads.ConnTo[conn];
                // First[to] is the next free place of lane `to` during the fill; shifted back below.
                int at = First[to]++;
                Vehicles[at] = v;
                Remaining[at] = roads.LaneLength[lane] + roads.ConnVia[conn] - f.Position[v];
            }
        for (int l = lanes; l > 0; l--) First[l] = First[l - 1];
        First[0] = 0;
        for (int l = 0; l < lanes; l++) SortSegment(First[l], First[l + 1]);
    }

    /// <summary>Insertion sort: a lane rarely has more than two or three vehicles merging into it at once.</summary>
    private void SortSegment(int start, int end)
    {
        for (int i = start + 1; i < end; i++)
        {
            int v = Vehicles[i];
            float r = Remaining[i];
            int j = i - 1;
            while (j >= start && (Remaining[j] > r || (Remaining[j] == r && Vehicles[j] > v)))
            {
                Vehicles[j + 1] = Vehicles[j];
                Remaining[j + 1] = Remaining[j];
                j--;
            }
            Vehicles[j + 1] = v;
            Remaining[j + 1] = r;
        }
    }

    /// <summary>
    /// The vehicle merging into <paramref name="lane"/> nearest ahead of one that is <paramref name="own"/> metres
    /// from it (the last of those closer to it), other than <paramref name="v"/>; -1 when none.
    /// </summary>
    public int LeaderAhead(int lane, int v, float own, out float remaining)
    {
        remaining = 0f;
        int found = -1;
        for (int k = First[lane]; k < First[lane + 1] && Remaining[k] < own; k++)
        {
            if (Vehicles[k] == v) continue;
            found = Vehicles[k];
            remaining = Remaining[k];
        }
        return found;
    }
}
