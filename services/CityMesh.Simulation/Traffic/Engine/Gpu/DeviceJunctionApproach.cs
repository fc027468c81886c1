namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// <see cref="JunctionApproach"/> over the device views: the same walk along the route's connections, statement for
/// statement, reading the flattened lanes instead of the host's ring buffers. The formulas are the shared
/// <see cref="Krauss"/> methods, compiled into the kernel by ILGPU, so only the data access is written twice.
/// </summary>
internal static class DeviceJunctionApproach
{
    private const int MaxLinksAhead = 8;

    public static float Limit(in TrafficViews w, int v, int lane, float desired)
    {
        var p = w.Vehicles[v];
        float dist = w.LaneLength[lane] - w.Position[v];
        float horizon = desired * MathF.Max(w.Dt, p.Tau) + desired * desired / (2f * p.Decel) + p.MinGap;
        int routePos = w.RoutePos[v];
        int conn = w.NextConnection[v];
        float limit = float.MaxValue;
        for (int hop = 0; hop < MaxLinksAhead; hop++)
        {
            if (routePos == p.RouteEnd - 1) break;
            if (conn < 0) return MathF.Min(limit, Krauss.StopSpeed(dist, p.Decel, p.Tau, w.Dt));
            int to = w.ConnTo[conn];
            float via = w.ConnVia[conn];
            float vmaxVia = MathF.Min(p.MaxSpeed, w.ConnViaSpeed[conn] * p.SpeedFactor);
            if (vmaxVia < desired) limit = MathF.Min(limit, Krauss.ApproachSpeed(dist, vmaxVia, p.Decel));
            if (w.LinkStates[conn] == LinkState.Minor || w.LinkStates[conn] == LinkState.Equal) limit = MathF.Min(limit, JunctionApproach.MinorLinkSpeed(dist, p.Decel, w.Dt));
            bool blocked = dist <= horizon && !MayPass(w, v, conn, dist);
            if (blocked) limit = MathF.Min(limit, Krauss.StopSpeed(dist, p.Decel, p.Tau, w.Dt));
            float vmaxThere = MathF.Min(p.MaxSpeed, w.LaneSpeed[to] * p.SpeedFactor);
            if (vmaxThere < desired)
                limit = MathF.Min(limit, Krauss.ApproachSpeed(dist, vmaxThere, p.Decel));
            int merging = w.MergeLeaderAhead(to, v, dist + via, out float itsRemaining);
            if (merging >= 0)
            {
                var m = w.Vehicles[merging];
                float gap = dist + via - itsRemaining - m.Length - p.MinGap;
                return MathF.Min(limit, Krauss.SafeSpeed(gap, w.Speed[merging], m.Decel, p.Decel, p.Tau, w.Dt));
            }
            if (w.LaneCount(to) > 0)
            {
                int tail = w.LaneBack(to);
                var t = w.Vehicles[tail];
                float gap = dist + via + w.Position[tail] - t.Length - p.MinGap;
                return MathF.Min(limit, Krauss.SafeSpeed(gap, w.Speed[tail], t.Decel, p.Decel, p.Tau, w.Dt));
            }
            if (blocked) return limit;
            dist += via + w.LaneLength[to];
            if (dist > horizon) break;
            routePos++;
            int next = routePos + 1 < p.RouteEnd ? w.RouteEdges[routePos + 1] : -1;
            int after = routePos + 2 < p.RouteEnd ? w.RouteEdges[routePos + 2] : -1;
            conn = next < 0 ? -1 : ChooseConnection(w, to, next, after, p.Class);
        }
        return limit;
    }

    private static bool MayPass(in TrafficViews w, int v, int conn, float dist)
    {
        if (dist < 0f) return true;
        var p = w.Vehicles[v];
        float speed = w.Speed[v];
        float stop = Krauss.StopSpeed(dist, p.Decel, p.Tau, w.Dt);
        bool canStop = stop >= speed - p.Decel * w.Dt;
        var state = w.LinkStates[conn];
        if (state == LinkState.Red) return !(canStop || stop >= speed - p.EmergencyDecel * w.Dt);
        if (state == LinkState.Yellow) return !canStop;
        // A Stop link: halt at the line first (JunctionApproach.StopLineReach), then yield as a minor link.
        bool mustHalt = state == LinkState.Stop || state == LinkState.AllWayStop;
        if (mustHalt && canStop && !(dist <= JunctionApproach.StopLineReach && speed < TrafficState.HaltingSpeed)) return false;
        if ((state == LinkState.Minor || state == LinkState.Equal || mustHalt) && canStop && FoeApproaching(w, v, conn, dist, LinkConflict.Impatience(w.Standing[v], canStop))) return false;
        return HasRoom(w, v, conn, dist) || !canStop;
    }

    private static bool HasRoom(in TrafficViews w, int v, int conn, float dist)
    {
        int to = w.ConnTo[conn];
        if (w.LaneCount(to) == 0) return true;
        if (w.LaneFull[to] != 0) return false;
        var p = w.Vehicles[v];
        int tail = w.LaneBack(to);
        float arrival = Krauss.TimeToCover(dist + w.ConnVia[conn], w.Speed[v], p.Accel, MathF.Max(w.Speed[v], w.LaneSpeed[to]));
        float free = w.Position[tail] - w.Vehicles[tail].Length + w.Speed[tail] * MathF.Max(arrival, w.Dt);
        return free >= p.Length + p.MinGap;
    }

    private static bool FoeApproaching(in TrafficViews w, int v, int conn, float dist, float impatience)
    {
        var p = w.Vehicles[v];
        var me = LinkConflict.Window(w.LinkStates[conn], dist, w.Speed[v], MathF.Min(p.MaxSpeed, w.LaneSpeed[w.ConnFrom[conn]] * p.SpeedFactor), PassSpeed(w, conn, p.MaxSpeed, p.SpeedFactor),
            p.Accel, p.Decel, p.Tau, w.ConnVia[conn], p.Length, w.Dt);
        for (int k = w.FoeStart[conn]; k < w.FoeStart[conn + 1]; k++)
        {
            int foe = w.Foes[k];
            if (w.LinkStates[foe] == LinkState.Red) continue;
            int foeLane = w.ConnFrom[foe];
            float foeLength = w.LaneLength[foeLane];
            int count = w.LaneCount(foeLane);
            for (int i = 0; i < count; i++)
            {
                int u = w.LaneAt(foeLane, i);
                float foeDist = foeLength - w.Position[u];
                if (w.NextConnection[u] != foe)
                {
                    if (foeDist < 0f) continue; // crossing on another link
                    break;                      // the first one before the line heads elsewhere
                }
                if (foeDist < 0f) return true;  // crossing on the foe link now
                var q = w.Vehicles[u];
                var them = LinkConflict.Window(w.LinkStates[foe], foeDist, w.Speed[u], MathF.Min(q.MaxSpeed, w.LaneSpeed[foeLane] * q.SpeedFactor), PassSpeed(w, foe, q.MaxSpeed, q.SpeedFactor),
                    q.Accel, q.Decel, q.Tau, w.ConnVia[foe], q.Length, w.Dt);
                // JunctionApproach: no room beyond, no request; asked only where the windows clash.
                if (LinkConflict.FoeBlocks(w.LinkStates[conn], w.LinkStates[foe], me, them, w.ConnTo[foe] == w.ConnTo[conn],
                        true, impatience, foeDist, w.Speed[u], w.Standing[v], w.Standing[u], v < u)
                    && HasRoom(w, u, foe, foeDist)) return true;
                break;
            }
        }
        return false;
    }

    /// <summary><see cref="JunctionApproach.PassSpeed"/> over the device views.</summary>
    private static float PassSpeed(in TrafficViews w, int conn, float maxSpeed, float speedFactor) =>
        MathF.Min(maxSpeed, MathF.Min(w.ConnViaSpeed[conn], w.LaneSpeed[w.ConnTo[conn]]) * speedFactor);

    /// <summary><see cref="RoadTables.ChooseConnection"/> over the device views.</summary>
    private static int ChooseConnection(in TrafficViews w, int lane, int nextEdge, int afterEdge, uint vehicleClass)
    {
        int fallback = -1;
        for (int k = w.LaneOutStart[lane]; k < w.LaneOutStart[lane + 1]; k++)
        {
            int c = w.LaneOut[k];
            int to = w.ConnTo[c];
            if (w.LaneEdge[to] != nextEdge || !Allows(w, to, vehicleClass)) continue;
            if (afterEdge < 0 || LeadsTo(w, to, afterEdge, vehicleClass)) return c;
            if (fallback < 0) fallback = c;
        }
        return fallback;
    }

    private static bool LeadsTo(in TrafficViews w, int lane, int edge, uint vehicleClass)
    {
        for (int k = w.LaneOutStart[lane]; k < w.LaneOutStart[lane + 1]; k++)
        {
            int to = w.ConnTo[w.LaneOut[k]];
            if (w.LaneEdge[to] == edge && Allows(w, to, vehicleClass)) return true;
        }
        return false;
    }

    /// <summary><see cref="VehicleClasses.Allows"/> (class 0 ignores permissions).</summary>
    private static bool Allows(in TrafficViews w, int lane, uint vehicleClass) => vehicleClass == 0 || (w.LanePermissions[lane] & vehicleClass) != 0;
}
