namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// SUMO's way out of gridlock: the first vehicle of a lane that has stood (v &lt; 0.1 m/s) without a break for the
/// time-to-teleport (SUMO's default 300 s) leaves the lane and is put at the start of the next edge of its route that
/// has room, or arrives when none has. Its waiting counter restarts whenever it moves or another vehicle becomes
/// the lane's first. And SUMO's default collision action: a vehicle whose front has run into the back of the one
/// ahead on its lane (gap below 0, as SUMO detects it after the move) is teleported the same way, whatever the
/// time-to-teleport. Lane changes and insertion keep gaps and car following never closes one below zero, so the
/// lanes checked are those a vehicle entered from a junction overlapping a neighbour (merges from links that do not
/// see each other, as at an unregulated junction); an overlap after a leader stopped harder than its followers could
/// foresee is not looked for. Host side, after the move, transfers and lane changes, lanes in index order.
/// </summary>
internal sealed class Teleports
{
    private readonly float _timeToTeleport;
    private readonly int[] _front;
    private readonly float[] _standing;

    public Teleports(int lanes, double timeToTeleport)
    {
        _timeToTeleport = timeToTeleport > 0 ? (float)timeToTeleport : float.PositiveInfinity;
        _front = new int[lanes];
        Array.Fill(_front, -1);
        _standing = new float[lanes];
    }

    /// <summary>Collisions on the lanes where a vehicle entered overlapping a neighbour, then every lane's first vehicle's standing.</summary>
    public void Apply(TrafficState s)
    {
        for (int i = 0; i < s.CollisionSuspects.Count; i++) RemoveCollisions(s, s.CollisionSuspects[i]);
        s.CollisionSuspects.Clear();
        if (float.IsPositiveInfinity(_timeToTeleport)) return;
        for (int lane = 0; lane < _front.Length; lane++) TeleportStanding(s, lane);
    }

    /// <summary>The lane's first vehicle, once it has stood the time-to-teleport, moves on.</summary>
    private void TeleportStanding(TrafficState s, int lane)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (q.Count(lane) == 0)
        {
            _front[lane] = -1;
            return;
        }
        int v = q.Front(lane);
        if (v != _front[lane] || f.Speed[v] >= TrafficState.HaltingSpeed)
        {
            _front[lane] = v;
            _standing[lane] = f.Speed[v] >= TrafficState.HaltingSpeed ? 0f : s.Dt;
            return;
        }
        _standing[lane] += s.Dt;
        if (_standing[lane] < _timeToTeleport) return;
        CountCause(s, v);
        q.PopFront(lane);
        _front[lane] = -1;
        Withdraw(s, v, lane);
        Teleport(s, v);
    }

    /// <summary>Teleports every vehicle whose front overlaps the back of its leader on the lane (SUMO's collision teleport).</summary>
    private static void RemoveCollisions(TrafficState s, int lane)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        if (q.Count(lane) < 2) return;
        int front = q.At(lane, 0);
        float back = f.Position[front] - f.Length[front]; // of the vehicle ahead of the one looked at
        for (int i = 1; i < q.Count(lane);)
        {
            int v = q.At(lane, i);
            if (f.Position[v] <= back)
            {
                back = f.Position[v] - f.Length[v];
                i++;
                continue;
            }
            q.RemoveAt(lane, i);
            s.TeleportsCollision++;
            Withdraw(s, v, lane);
            Teleport(s, v);
        }
    }

    /// <summary>
    /// Why the vehicle stood, in SUMO's terms: no connection from its lane onto its route (wrong lane), the lane it
    /// would enter has no room for it (jam), or else it waited for its link (yield: foes or the signal).
    /// </summary>
    private static void CountCause(TrafficState s, int v)
    {
        var f = s.Fleet;
        int conn = f.NextConnection[v];
        if (conn < 0 && !f.OnLastEdge(v))
        {
            s.TeleportsWrongLane++;
            return;
        }
        int to = conn < 0 ? -1 : s.Roads.ConnTo[conn];
        bool full = to >= 0 && s.Lanes.Count(to) > 0 &&
                    (s.Lanes.IsFull(to) || f.Position[s.Lanes.Back(to)] - f.Length[s.Lanes.Back(to)] < f.Length[v] + f.MinGap[v]);
        if (full) s.TeleportsJam++;
        else s.TeleportsYield++;
    }

    /// <summary>Followers on the neighbouring lanes no longer make room for a vehicle that has left the edge.</summary>
    private static void Withdraw(TrafficState s, int v, int lane)
    {
        var roads = s.Roads;
        var f = s.Fleet;
        int edge = roads.LaneEdge[lane], offset = roads.LaneIndexOnEdge[lane];
        for (int side = -1; side <= 1; side += 2)
        {
            int k = offset + side;
            if (k < 0 || k >= roads.EdgeLaneStart[edge + 1] - roads.EdgeLaneStart[edge]) continue;
            int neighbour = roads.EdgeLanes[roads.EdgeLaneStart[edge] + k];
            for (int i = 0; i < s.Lanes.Count(neighbour); i++)
            {
                int w = s.Lanes.At(neighbour, i);
                if (f.LetIn[w] == v) f.LetIn[w] = -1;
            }
        }
    }

    private static void Teleport(TrafficState s, int v)
    {
        var f = s.Fleet;
        s.Teleports++;
        f.Standing[v] = 0f;
        s.Merges.Remove(v); // it may have stood inside a junction
        // Its distance goes on along the route, as SUMO's teleported vehicles travel it: the rest of its lane, and each
        // edge it is carried past.
        f.Odometer[v] += s.Roads.LaneLength[f.Lane[v]];
        while (f.RoutePos[v] < f.RouteEnd[v] - 1)
        {
            f.RoutePos[v]++;
            int edge = f.RouteEdges[f.RoutePos[v]];
            if (Departures.TryPlace(s, v, edge, Departures.BestLane, float.NaN)) return;
            f.Odometer[v] += s.Roads.EdgeLength[edge];
        }
        f.Status[v] = VehicleStatus.Arrived;
        f.ArrivalTime[v] = s.Time + s.Dt;
        s.Arrived++;
    }
}
