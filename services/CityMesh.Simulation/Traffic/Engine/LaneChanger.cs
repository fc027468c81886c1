namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Strategic lane changing: a vehicle whose lane has no connection to its next edge moves one lane towards the
/// nearest lane that has, when the gaps to the new leader and the new follower are safe by Krauss (each could
/// still stop behind the one in front); otherwise it keeps driving and stops at its lane end (the speed planner
/// treats a lane without a way on as a stop line). One change per vehicle per step.
/// </summary>
internal static class LaneChanger
{
    public static void ChangeOnEdge(TrafficState s, int edge)
    {
        var roads = s.Roads;
        int first = roads.EdgeLaneStart[edge], last = roads.EdgeLaneStart[edge + 1];
        if (last - first < 2) return;
        var f = s.Fleet;
        var q = s.Lanes;
        for (int k = first; k < last; k++)
        {
            int lane = roads.EdgeLanes[k];
            int i = 0;
            while (i < q.Count(lane))
            {
                int v = q.At(lane, i);
                if (f.NextConnection[v] >= 0 || f.OnLastEdge(v) || f.LastLaneChangeStep[v] == s.Step || f.Position[v] > roads.LaneLength[lane])
                {
                    i++;
                    continue;
                }
                int goal = NearestLaneTo(roads, first, last, k, f.NextEdge(v));
                if (goal < 0 || !TryChange(s, v, lane, i, roads.EdgeLanes[k + Math.Sign(goal - k)])) i++;
            }
        }
    }

    private static int NearestLaneTo(RoadTables roads, int first, int last, int from, int nextEdge)
    {
        int best = -1;
        for (int m = first; m < last; m++)
            if (roads.LeadsTo(roads.EdgeLanes[m], nextEdge) && (best < 0 || Math.Abs(m - from) < Math.Abs(best - from)))
                best = m;
        return best;
    }

    private static bool TryChange(TrafficState s, int v, int lane, int index, int target)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (q.IsFull(target)) return false;
        float pos = f.Position[v];
        int at = q.IndexFor(target, pos, f.Position);
        if (at > 0)
        {
            int leader = q.At(target, at - 1);
            float gap = f.Position[leader] - f.Length[leader] - f.MinGap[v] - pos;
            if (gap < 0f || f.Speed[v] > Krauss.SafeSpeed(gap, f.Speed[leader], f.Decel[leader], f.Decel[v], f.Tau[v], s.Dt)) return false;
        }
        if (at < q.Count(target))
        {
            int follower = q.At(target, at);
            float gap = pos - f.Length[v] - f.MinGap[follower] - f.Position[follower];
            if (gap < 0f || f.Speed[follower] > Krauss.SafeSpeed(gap, f.Speed[v], f.Decel[v], f.Decel[follower], f.Tau[follower], s.Dt)) return false;
        }
        q.RemoveAt(lane, index);
        q.Insert(target, v, f.Position);
        f.Lane[v] = target;
        f.NextConnection[v] = s.Roads.ChooseConnection(target, f.NextEdge(v), f.EdgeAfterNext(v));
        f.LastLaneChangeStep[v] = s.Step;
        return true;
    }
}
