namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Strategic lane changing, looking two edges ahead as SUMO's best lanes do: a vehicle whose lane has no connection to
/// its next edge must move (mandatory); one whose lane reaches the next edge only on a lane without a way on to the
/// edge after would rather move now, while there are gaps, than at the next stop line (optional). It moves one lane
/// towards the nearest lane that serves both edges when the gaps to the new leader and the new follower are safe by
/// Krauss (each could still stop behind the one in front). Two vehicles standing side by side that each want the
/// other's lane swap places: neither could ever find a gap while the other stands there. One change per vehicle per
/// step; a vehicle without a way on stops at its lane end (the speed planner treats that as a stop line).
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
            float laneLength = roads.LaneLength[lane];
            int i = 0;
            while (i < q.Count(lane))
            {
                int v = q.At(lane, i);
                int step = f.LastLaneChangeStep[v] == s.Step || f.Position[v] > laneLength ? 0 : Direction(s, v, first, last, k);
                if (step == 0)
                {
                    i++;
                    continue;
                }
                int target = roads.EdgeLanes[k + step];
                if (TryChange(s, v, lane, i, target)) continue; // the next vehicle moved up to index i
                TrySwap(s, v, lane, i, target, first, last, k + step, -step);
                i++;
            }
        }
    }

    /// <summary>−1 or +1 towards the lane the vehicle wants on this edge, 0 when it is where it wants to be.</summary>
    private static int Direction(TrafficState s, int v, int first, int last, int at)
    {
        var f = s.Fleet;
        var roads = s.Roads;
        if (f.OnLastEdge(v)) return 0;
        int next = f.NextEdge(v), after = f.EdgeAfterNext(v);
        int conn = f.NextConnection[v];
        if (conn >= 0 && (after < 0 || roads.LeadsTo(roads.ConnTo[conn], after))) return 0;
        int best = -1, fallback = -1;
        for (int m = first; m < last; m++)
        {
            int lane = roads.EdgeLanes[m];
            if (roads.ContinuesTo(lane, next, after))
            {
                if (best < 0 || Math.Abs(m - at) < Math.Abs(best - at)) best = m;
            }
            else if (conn < 0 && roads.LeadsTo(lane, next) && (fallback < 0 || Math.Abs(m - at) < Math.Abs(fallback - at)))
            {
                fallback = m;
            }
        }
        int goal = best >= 0 ? best : fallback;
        return goal < 0 || goal == at ? 0 : Math.Sign(goal - at);
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
        Changed(s, v, target);
        return true;
    }

    /// <summary>
    /// Swaps <paramref name="v"/> with the vehicle beside it on <paramref name="target"/> when both stand still and
    /// that one wants <paramref name="v"/>'s lane: each takes the other's lane and position, so both lanes keep
    /// their order.
    /// </summary>
    private static void TrySwap(TrafficState s, int v, int lane, int index, int target, int first, int last, int targetAt, int back)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (f.Speed[v] >= TrafficState.HaltingSpeed) return;
        float pos = f.Position[v];
        int at = q.IndexFor(target, pos, f.Position);
        for (int j = Math.Max(0, at - 1); j <= at && j < q.Count(target); j++)
        {
            int w = q.At(target, j);
            if (MathF.Abs(f.Position[w] - pos) >= MathF.Max(f.Length[v], f.Length[w]) || f.Speed[w] >= TrafficState.HaltingSpeed ||
                f.LastLaneChangeStep[w] == s.Step || f.Position[w] > s.Roads.LaneLength[target] || Direction(s, w, first, last, targetAt) != back)
                continue;
            (f.Position[v], f.Position[w]) = (f.Position[w], pos);
            q.Set(lane, index, w);
            q.Set(target, j, v);
            Changed(s, v, target);
            Changed(s, w, lane);
            return;
        }
    }

    private static void Changed(TrafficState s, int v, int lane)
    {
        var f = s.Fleet;
        f.Lane[v] = lane;
        f.NextConnection[v] = s.Roads.ChooseConnection(lane, f.NextEdge(v), f.EdgeAfterNext(v));
        f.LastLaneChangeStep[v] = s.Step;
    }
}
