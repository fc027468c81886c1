namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Lane changing after SUMO's LC2013, in two motives. Strategic: a vehicle moves towards the lane that reaches furthest
/// along its route (<see cref="LanePlans"/>) once what its own lane still offers, less the queue ahead of it, is
/// shorter than <see cref="LookForwardSeconds"/> at its desired speed per lane to cross (a lane with no way on to the
/// next edge makes that true by its end). Speed gain: otherwise it moves to a neighbouring lane where the vehicle ahead
/// lets it go clearly faster (<see cref="SpeedGainRatio"/>), if that lane reaches as far or far enough not to need the
/// change back soon; this is what spreads queues over the lanes of an approach. A change happens when the gaps to the
/// new leader and the new follower are safe by Krauss (each could still stop behind the one in front). Two vehicles
/// standing side by side that each want the other's lane swap places: neither could ever find a gap while the other
/// stands there. One change per vehicle per step, and no change for speed within <see cref="SpeedGainPause"/> of the
/// last; a vehicle without a way on stops at its lane end (the speed planner treats that as a stop line).
/// </summary>
internal static class LaneChanger
{
    /// <summary>SUMO's LOOK_FORWARD: seconds of driving per lane to cross that a strategic change starts ahead of need.</summary>
    internal const float LookForwardSeconds = 10f;

    /// <summary>How much faster the neighbouring lane must let a vehicle go before it changes for speed (SUMO's 0.2 threshold on relative gain).</summary>
    internal const float SpeedGainRatio = 1.2f;

    /// <summary>Seconds after a lane change before the next one for speed, so vehicles do not weave back and forth.</summary>
    internal const float SpeedGainPause = 3f;

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
                bool urgent = false;
                int step = f.LastLaneChangeStep[v] == s.Step || f.Position[v] > laneLength ? 0 : Direction(s, v, lane, i, first, last, k, out urgent);
                if (step == 0)
                {
                    i++;
                    continue;
                }
                int target = roads.EdgeLanes[k + step];
                if (TryChange(s, v, lane, i, target)) continue; // the next vehicle moved up to index i
                if (!TrySwap(s, v, lane, i, target, first, last, k + step, -step) && urgent) AskToLetIn(s, v, target);
                i++;
            }
        }
    }

    /// <summary>−1 or +1 towards the lane the vehicle wants on this edge, 0 when it is where it wants to be.</summary>
    /// <param name="index">The vehicle's place in its lane's queue (front first): how many stand ahead of it.</param>
    /// <param name="urgent">Whether the route needs the change soon: within the look-forward distance of where the lane stops serving it.</param>
    private static int Direction(TrafficState s, int v, int lane, int index, int first, int last, int at, out bool urgent)
    {
        urgent = false;
        var f = s.Fleet;
        var roads = s.Roads;
        var plans = s.Plans;
        int offset = at - first;
        float mine = plans.Reach(s, v, offset);
        int best = offset;
        float bestReach = mine;
        for (int m = 0; m < last - first; m++)
        {
            float reach = plans.Reach(s, v, m);
            if (reach > bestReach || (reach == bestReach && Math.Abs(m - offset) < Math.Abs(best - offset))) (best, bestReach) = (m, reach);
        }
        float pos = f.Position[v];
        float desired = MathF.Min(f.MaxSpeed[v], roads.LaneSpeed[lane] * f.SpeedFactor[v]);
        float perLane = LookForwardSeconds * desired;
        // The queue ahead is walked only when a lane that reaches less than the best is in question (most vehicles
        // are in their best lane and drive unhindered: they never need it).
        float queue = best != offset ? QueueAhead(s, v, lane, index, mine - pos) : float.NaN;
        if (best != offset && ((f.NextConnection[v] < 0 && !f.OnLastEdge(v)) || mine - pos - queue < Math.Abs(best - offset) * perLane))
        {
            // Urgent, worth others' help, once the lane itself runs out, not merely its queue.
            urgent = mine - pos < Math.Abs(best - offset) * perLane;
            return Math.Sign(best - offset);
        }
        // Not needed yet, but free: towards the lane the route needs whenever that lane is no slower than this one
        // (on roads whose every lane serves one turn, waiting for the last stretch would leave it no gap).
        if (best != offset)
        {
            int toward = roads.EdgeLanes[at + Math.Sign(best - offset)];
            float here = AnticipatedSpeed(s, v, lane, index, desired);
            if (AnticipatedSpeed(s, v, toward, s.Lanes.IndexFor(toward, pos, f.Position), desired) >= here) return Math.Sign(best - offset);
        }

        if ((s.Step - f.LastLaneChangeStep[v]) * s.Dt < SpeedGainPause) return 0;
        float own = AnticipatedSpeed(s, v, lane, index, desired);
        if (own >= desired) return 0;
        int choice = 0;
        float fastest = own * SpeedGainRatio + 0.1f;
        for (int side = -1; side <= 1; side += 2)
        {
            int n = offset + side;
            if (n < 0 || n >= last - first) continue;
            float reach = plans.Reach(s, v, n);
            // No worse for the route: it reaches as far; or it still leads on along the route past this edge and what
            // it offers lasts for the lanes back to the best one plus two at the look-forward distance, doubled to the
            // left (SUMO's rule for changes that are not strategic). A lane that turns off the route at this edge's end
            // is never taken for speed: the change would have to be given back within the block.
            int target = roads.EdgeLanes[first + n];
            if (reach < mine && (reach <= roads.LaneLength[target] + 1f || reach - pos < (Math.Abs(best - n) + 2) * perLane * (side > 0 ? 2 : 1)))
                continue;
            float there = AnticipatedSpeed(s, v, target, s.Lanes.IndexFor(target, pos, f.Position), desired);
            if (there > fastest) (choice, fastest) = (side, there);
        }
        return choice;
    }

    /// <summary>
    /// SUMO's occupation: the length of the vehicles ahead along the lane's continuation, as far as it reaches (at most
    /// a few links), which shortens what the lane still offers; a queue on a turn lane downstream sends vehicles that
    /// do not turn out of its way before they join it.
    /// </summary>
    private static float QueueAhead(TrafficState s, int v, int lane, int index, float reach)
    {
        const int MaxLinks = 3;
        var f = s.Fleet;
        var roads = s.Roads;
        float spacing = f.Length[v] + f.MinGap[v];
        float queue = index * spacing;
        float seen = roads.LaneLength[lane] - f.Position[v];
        int conn = f.NextConnection[v];
        for (int hop = 0, pos = f.RoutePos[v] + 1; hop < MaxLinks && conn >= 0 && seen < reach; hop++, pos++)
        {
            int to = roads.ConnTo[conn];
            queue += s.Lanes.Count(to) * spacing;
            seen += roads.ConnVia[conn] + roads.LaneLength[to];
            conn = pos + 1 < f.RouteEnd[v] ? roads.ChooseConnection(to, f.RouteEdges[pos + 1], pos + 2 < f.RouteEnd[v] ? f.RouteEdges[pos + 2] : -1, f.Class[v]) : -1;
        }
        return queue;
    }

    /// <summary>The speed the vehicle ahead on <paramref name="lane"/> would let it drive (queue place <paramref name="ahead"/>: that many stand ahead).</summary>
    private static float AnticipatedSpeed(TrafficState s, int v, int lane, int ahead, float desired)
    {
        if (ahead == 0) return desired;
        var f = s.Fleet;
        int leader = s.Lanes.At(lane, ahead - 1);
        float gap = f.Position[leader] - f.Length[leader] - f.MinGap[v] - f.Position[v];
        if (gap <= 0f) return 0f;
        return MathF.Min(desired, Krauss.SafeSpeed(gap, f.Speed[leader], f.Decel[leader], f.Decel[v], f.Tau[v], s.Dt));
    }

    private static bool TryChange(TrafficState s, int v, int lane, int index, int target)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (q.IsFull(target) || !s.Roads.Allows(target, f.Class[v])) return false;
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
    private static bool TrySwap(TrafficState s, int v, int lane, int index, int target, int first, int last, int targetAt, int back)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (f.Speed[v] >= TrafficState.HaltingSpeed) return false;
        float pos = f.Position[v];
        int at = q.IndexFor(target, pos, f.Position);
        for (int j = Math.Max(0, at - 1); j <= at && j < q.Count(target); j++)
        {
            int w = q.At(target, j);
            if (MathF.Abs(f.Position[w] - pos) >= MathF.Max(f.Length[v], f.Length[w]) || f.Speed[w] >= TrafficState.HaltingSpeed ||
                f.LastLaneChangeStep[w] == s.Step || f.Position[w] > s.Roads.LaneLength[target] || !s.Roads.Allows(lane, f.Class[w]) ||
                Direction(s, w, target, j, first, last, targetAt, out _) != back ||
                !FitsBehind(s, target, j + 1, f.Position[w], v) || !FitsBehind(s, lane, index + 1, pos, w))
                continue;
            (f.Position[v], f.Position[w]) = (f.Position[w], pos);
            q.Set(lane, index, w);
            q.Set(target, j, v);
            Changed(s, v, target);
            Changed(s, w, lane);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="v"/>, put with its front at <paramref name="front"/>, leaves the vehicle at queue place
    /// <paramref name="behind"/> of <paramref name="lane"/> (if any) its back clear: a longer vehicle swapped in must not
    /// overlap the one behind.
    /// </summary>
    private static bool FitsBehind(TrafficState s, int lane, int behind, float front, int v) =>
        behind >= s.Lanes.Count(lane) || s.Fleet.Position[s.Lanes.At(lane, behind)] <= front - s.Fleet.Length[v];

    /// <summary>
    /// SUMO's cooperative lane changing: the vehicle behind <paramref name="v"/> on <paramref name="target"/> is asked
    /// to keep behind it next step (<see cref="LetInSpeed"/>), so the gap an urgent change needs opens; only when the
    /// way in front is already clear, so no one is held back for a change that could not happen anyway.
    /// </summary>
    private static void AskToLetIn(TrafficState s, int v, int target)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        int at = q.IndexFor(target, f.Position[v], f.Position);
        if (at >= q.Count(target)) return;
        if (at > 0)
        {
            int leader = q.At(target, at - 1);
            if (f.Position[leader] - f.Length[leader] - f.MinGap[v] < f.Position[v]) return;
        }
        int follower = q.At(target, at);
        if (f.LetIn[follower] < 0) f.LetIn[follower] = v;
    }

    /// <summary>
    /// The speed at which a follower keeps behind the vehicle it lets in (<paramref name="gap"/> to that one's back),
    /// or no limit (float.MaxValue) when it could only do so by braking harder than its usual deceleration (it
    /// cooperates, it does not brake hard for another lane) or is already alongside (holding back would only hold
    /// both: it drives on and the other merges behind it).
    /// </summary>
    internal static float LetInSpeed(float gap, float speed, float otherSpeed, float otherDecel, float decel, float tau, float dt)
    {
        if (gap < 0f) return float.MaxValue;
        float keepBehind = Krauss.SafeSpeed(gap, otherSpeed, otherDecel, decel, tau, dt);
        return keepBehind >= speed - decel * dt ? keepBehind : float.MaxValue;
    }

    private static void Changed(TrafficState s, int v, int lane)
    {
        var f = s.Fleet;
        f.Lane[v] = lane;
        f.NextConnection[v] = f.Onward(s.Roads, v, lane);
        f.LastLaneChangeStep[v] = s.Step;
    }
}
