namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// What the road ahead allows a vehicle approaching its lane end: it walks the route's connections until it finds
/// a leader on a downstream lane or a reason to stop at a stop line (red or yellow it can stop for, a foe it must
/// yield to, no room beyond, no connection from this lane), or has looked further than it could need this step.
/// </summary>
internal static class JunctionApproach
{
    private const int MaxLinksAhead = 8;

    /// <summary>
    /// How near its line a halted vehicle must be for its halt to count as the stop a <see cref="LinkState.Stop"/>
    /// link demands (the planner brakes it to the line, so it halts within a metre or two of it).
    /// </summary>
    internal const float StopLineReach = 3f;

    /// <summary>SUMO's foe visibility distance: how near its line a vehicle on a minor link must be to see whether foes come.</summary>
    internal const float FoeVisibility = 4.5f;

    /// <summary>
    /// SUMO's approach to a minor link: until it is within <see cref="FoeVisibility"/> of the line, where it can see
    /// whether foes come, a vehicle must be slow enough to stop within that distance; so it comes up to the point at
    /// most at that speed, and from there goes on if the way is clear. No limit once it is inside (float.MaxValue).
    /// </summary>
    internal static float MinorLinkSpeed(float dist, float decel, float dt) =>
        dist <= FoeVisibility ? float.MaxValue : Krauss.ApproachSpeed(dist - FoeVisibility, Krauss.StopSpeed(FoeVisibility, decel, 0f, dt), decel);

    public static float Limit(TrafficState s, int v, int lane, float desired)
    {
        var f = s.Fleet;
        var roads = s.Roads;
        float dist = roads.LaneLength[lane] - f.Position[v];
        // Beyond this a stop line cannot bind: StopSpeed(d) ≥ desired once d ≥ desired·τ + desired²/2b.
        float horizon = desired * MathF.Max(s.Dt, f.Tau[v]) + desired * desired / (2f * f.Decel[v]) + f.MinGap[v];
        int routePos = f.RoutePos[v];
        int conn = f.NextConnection[v];
        float limit = float.MaxValue;
        for (int hop = 0; hop < MaxLinksAhead; hop++)
        {
            if (routePos == f.RouteEnd[v] - 1) break; // last edge: it leaves at the lane end
            if (conn < 0) return MathF.Min(limit, Krauss.StopSpeed(dist, f.Decel[v], f.Tau[v], s.Dt)); // wrong lane: wait for a lane change
            int to = roads.ConnTo[conn];
            float via = roads.ConnVia[conn];
            // A turn's own limit across the junction (SUMO's internal lane): reached at the line, held inside.
            float vmaxVia = MathF.Min(f.MaxSpeed[v], roads.ConnViaSpeed[conn] * f.SpeedFactor[v]);
            if (vmaxVia < desired) limit = MathF.Min(limit, Krauss.ApproachSpeed(dist, vmaxVia, f.Decel[v]));
            if (s.LinkStates[conn] is LinkState.Minor or LinkState.Equal) limit = MathF.Min(limit, MinorLinkSpeed(dist, f.Decel[v], s.Dt));
            // Stopping at the line is not enough when the last vehicle beyond still sticks out behind it, so a
            // blocked link still follows that vehicle below.
            bool blocked = dist <= horizon && !MayPass(s, v, conn, dist);
            if (blocked) limit = MathF.Min(limit, Krauss.StopSpeed(dist, f.Decel[v], f.Tau[v], s.Dt));
            // Slow down in time for a lower limit beyond the junction, braking at most b (as SUMO does for the
            // next lanes' speeds), so a limit drop is no step change that followers could not anticipate.
            float vmaxThere = MathF.Min(f.MaxSpeed[v], roads.LaneSpeed[to] * f.SpeedFactor[v]);
            if (vmaxThere < desired)
                limit = MathF.Min(limit, Krauss.ApproachSpeed(dist, vmaxThere, f.Decel[v]));
            // A vehicle already inside the junction on its way into the same lane enters it first: follow it.
            int merging = s.Merges.LeaderAhead(to, v, dist + via, out float itsRemaining);
            if (merging >= 0)
            {
                float gap = dist + via - itsRemaining - f.Length[merging] - f.MinGap[v];
                return MathF.Min(limit, Krauss.SafeSpeed(gap, f.Speed[merging], f.Decel[merging], f.Decel[v], f.Tau[v], s.Dt));
            }
            if (s.Lanes.Count(to) > 0)
            {
                int tail = s.Lanes.Back(to);
                float gap = dist + via + f.Position[tail] - f.Length[tail] - f.MinGap[v];
                return MathF.Min(limit, Krauss.SafeSpeed(gap, f.Speed[tail], f.Decel[tail], f.Decel[v], f.Tau[v], s.Dt));
            }
            if (blocked) return limit;
            dist += via + roads.LaneLength[to];
            if (dist > horizon) break;
            routePos++;
            int next = routePos + 1 < f.RouteEnd[v] ? f.RouteEdges[routePos + 1] : -1;
            int after = routePos + 2 < f.RouteEnd[v] ? f.RouteEdges[routePos + 2] : -1;
            conn = next < 0 ? -1 : roads.ChooseConnection(to, next, after, f.Class[v]);
        }
        return limit;
    }

    /// <summary>Whether the vehicle may cross the stop line of <paramref name="conn"/>, <paramref name="dist"/> ahead.</summary>
    private static bool MayPass(TrafficState s, int v, int conn, float dist)
    {
        var f = s.Fleet;
        if (dist < 0f) return true; // already past the line, in the junction
        float speed = f.Speed[v];
        float stop = Krauss.StopSpeed(dist, f.Decel[v], f.Tau[v], s.Dt);
        // SUMO's "stop if you can": a vehicle that cannot stop with its braking power drives on.
        bool canStop = stop >= speed - f.Decel[v] * s.Dt;
        switch (s.LinkStates[conn])
        {
            case LinkState.Red:
                return !(canStop || stop >= speed - f.EmergencyDecel[v] * s.Dt);
            case LinkState.Yellow:
                return !canStop;
            case LinkState.Stop or LinkState.AllWayStop:
                if (canStop && !(dist <= StopLineReach && speed < TrafficState.HaltingSpeed)) return false; // halt first
                if (canStop && FoeApproaching(s, v, conn, dist, LinkConflict.Impatience(f.Standing[v], canStop))) return false;
                break;
            case LinkState.Minor or LinkState.Equal:
                if (canStop && FoeApproaching(s, v, conn, dist, LinkConflict.Impatience(f.Standing[v], canStop))) return false;
                break;
        }
        return HasRoom(s, v, conn, dist) || !canStop;
    }

    /// <summary>Room for the whole vehicle beyond the junction by the time it gets there, so it does not block it.</summary>
    private static bool HasRoom(TrafficState s, int v, int conn, float dist)
    {
        int to = s.Roads.ConnTo[conn];
        var f = s.Fleet;
        if (s.Lanes.Count(to) == 0) return true;
        if (s.Lanes.IsFull(to)) return false;
        int tail = s.Lanes.Back(to);
        float arrival = Krauss.TimeToCover(dist + s.Roads.ConnVia[conn], f.Speed[v], f.Accel[v], MathF.Max(f.Speed[v], s.Roads.LaneSpeed[to]));
        float free = f.Position[tail] - f.Length[tail] + f.Speed[tail] * MathF.Max(arrival, s.Dt);
        return free >= f.Length[v] + f.MinGap[v];
    }

    /// <summary>
    /// Gap acceptance on a yielding link: a foe blocks when it is inside the junction on the foe link, or is the first
    /// vehicle before the foe link's line and <see cref="LinkConflict.FoeBlocks"/> says their windows clash.
    /// </summary>
    private static bool FoeApproaching(TrafficState s, int v, int conn, float dist, float impatience)
    {
        var f = s.Fleet;
        var roads = s.Roads;
        var me = LinkConflict.Window(s.LinkStates[conn], dist, f.Speed[v], MathF.Min(f.MaxSpeed[v], roads.LaneSpeed[roads.ConnFrom[conn]] * f.SpeedFactor[v]), PassSpeed(roads, conn, f.MaxSpeed[v], f.SpeedFactor[v]),
            f.Accel[v], f.Decel[v], f.Tau[v], roads.ConnVia[conn], f.Length[v], s.Dt);
        for (int k = roads.FoeStart[conn]; k < roads.FoeStart[conn + 1]; k++)
        {
            int foe = roads.Foes[k];
            if (s.LinkStates[foe] == LinkState.Red) continue;
            int foeLane = roads.ConnFrom[foe];
            float foeLength = roads.LaneLength[foeLane];
            int count = s.Lanes.Count(foeLane);
            for (int i = 0; i < count; i++)
            {
                int w = s.Lanes.At(foeLane, i);
                float foeDist = foeLength - f.Position[w];
                if (f.NextConnection[w] != foe)
                {
                    if (foeDist < 0f) continue; // crossing on another link
                    break;                      // the first one before the line heads elsewhere
                }
                if (foeDist < 0f) return true;  // crossing on the foe link now
                var them = LinkConflict.Window(s.LinkStates[foe], foeDist, f.Speed[w], MathF.Min(f.MaxSpeed[w], roads.LaneSpeed[foeLane] * f.SpeedFactor[w]), PassSpeed(roads, foe, f.MaxSpeed[w], f.SpeedFactor[w]),
                    f.Accel[w], f.Decel[w], f.Tau[w], roads.ConnVia[foe], f.Length[w], s.Dt);
                // SUMO's checkRewindLinkLanes: a foe with no room beyond its link does not ask for it, so it holds no one.
                // Asked only where the windows clash: most foes are let through by the windows alone.
                if (LinkConflict.FoeBlocks(s.LinkStates[conn], s.LinkStates[foe], me, them, roads.ConnTo[foe] == roads.ConnTo[conn],
                        foeWillPass: true, impatience, foeDist, f.Speed[w], f.Standing[v], f.Standing[w], v < w)
                    && HasRoom(s, w, foe, foeDist)) return true;
                break;
            }
        }
        return false;
    }

    /// <summary>The speed a vehicle may cross a link at: the junction's limit and the next lane's, at its own speed factor.</summary>
    internal static float PassSpeed(RoadTables roads, int conn, float maxSpeed, float speedFactor) =>
        MathF.Min(maxSpeed, MathF.Min(roads.ConnViaSpeed[conn], roads.LaneSpeed[roads.ConnTo[conn]]) * speedFactor);
}
