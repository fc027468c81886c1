namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// After the move: vehicles past the far side of the junction go onto the next lane of their route, carrying the
/// overshoot (several lanes if they were short), and vehicles past their arrival position on their last edge (its
/// end unless the trip gives one) arrive. Those left inside a junction are noted for the next step's planning
/// (<see cref="JunctionMerges"/>), and a lane a vehicle entered overlapping a neighbour is marked for the collision
/// check (<see cref="Teleports"/>). Sequential, lanes in index order, so the order vehicles join a lane never
/// depends on threads.
/// </summary>
internal static class LaneTransfers
{
    public static void Apply(TrafficState s)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        var roads = s.Roads;
        double endOfStep = s.Time + s.Dt;
        s.Merges.Clear();
        for (int lane = 0; lane < roads.LaneCount; lane++)
        {
            if (s.ArrivalsInside[lane]) ArriveInside(s, lane, endOfStep);
            while (q.Count(lane) > 0)
            {
                int v = q.Front(lane);
                float length = roads.LaneLength[lane];
                if (f.OnLastEdge(v))
                {
                    if (f.Position[v] <= length) break;
                    q.PopFront(lane);
                    Arrive(s, v, endOfStep);
                    continue;
                }
                int conn = f.NextConnection[v];
                if (conn < 0)
                {
                    // No way on from this lane: it planned to stop at the end and waits there for a lane change.
                    if (f.Position[v] > length) f.Position[v] = length;
                    break;
                }
                float end = length + roads.ConnVia[conn];
                if (f.Position[v] <= end || q.IsFull(roads.ConnTo[conn]))
                {
                    f.Position[v] = MathF.Min(f.Position[v], end);
                    // It stays in the junction this step, perhaps with others behind it.
                    if (f.Position[v] > length)
                        for (int i = 0; i < q.Count(lane) && s.Merges.Note(s, lane, q.At(lane, i)); i++) { }
                    break;
                }
                q.PopFront(lane);
                Enter(s, v, conn, f.Position[v] - end, endOfStep, lane);
            }
        }
    }

    /// <summary>Whether the vehicle at queue place <paramref name="at"/> overlaps the one ahead of it or the one behind.</summary>
    private static bool Overlaps(TrafficState s, int lane, int at)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        int v = q.At(lane, at);
        if (at > 0 && f.Position[v] > f.Position[q.At(lane, at - 1)] - f.Length[q.At(lane, at - 1)]) return true;
        return at + 1 < q.Count(lane) && f.Position[q.At(lane, at + 1)] > f.Position[v] - f.Length[v];
    }

    /// <param name="scanned">The lane being scanned: a vehicle left inside the junction at the end of a lane already
    /// scanned (crossing a short one in one step) is noted here, since the scan will not come back to it.</param>
    private static void Enter(TrafficState s, int v, int conn, float overshoot, double endOfStep, int scanned)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        var roads = s.Roads;
        while (true)
        {
            int to = roads.ConnTo[conn];
            f.Odometer[v] += roads.LaneLength[f.Lane[v]] + roads.ConnVia[conn];
            f.Position[v] = overshoot;
            f.Lane[v] = to;
            f.RoutePos[v]++;
            s.Tally.Entered[to]++;
            s.Tally.EdgeEntered[roads.LaneEdge[to]]++;
            s.Tally.JunctionPassed[roads.ConnJunction[conn]]++;
            int next = f.NextEdge(v);
            int onward = f.Onward(roads, v, to);
            f.NextConnection[v] = onward;
            float length = roads.LaneLength[to];
            if (next < 0 && overshoot > length)
            {
                Arrive(s, v, endOfStep);
                return;
            }
            if (onward >= 0 && overshoot > length + roads.ConnVia[onward] && !q.IsFull(roads.ConnTo[onward]))
            {
                overshoot -= length + roads.ConnVia[onward];
                conn = onward;
                continue;
            }
            if (onward < 0 && overshoot > length) f.Position[v] = length;
            else if (onward >= 0) f.Position[v] = MathF.Min(overshoot, length + roads.ConnVia[onward]);
            q.Insert(to, v, f.Position, out int at);
            if (Overlaps(s, to, at)) s.CollisionSuspects.Add(to);
            if (to < scanned) s.Merges.Note(s, to, v);
            return;
        }
    }

    /// <summary>Vehicles on their last edge whose front passed the arrival position their trip gives, wherever they are in the queue.</summary>
    private static void ArriveInside(TrafficState s, int lane, double time)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        for (int i = 0; i < q.Count(lane);)
        {
            int v = q.At(lane, i);
            if (f.OnLastEdge(v) && f.Position[v] >= f.ArrivalPos[v])
            {
                q.RemoveAt(lane, i);
                Arrive(s, v, time);
            }
            else i++;
        }
    }

    /// <summary>Arrival at the trip's arrival position (its last lane's end unless it gives one), where its distance ends.</summary>
    private static void Arrive(TrafficState s, int v, double time)
    {
        var f = s.Fleet;
        f.Odometer[v] += float.IsNaN(f.ArrivalPos[v]) ? s.Roads.LaneLength[f.Lane[v]] : f.ArrivalPos[v];
        s.Fleet.Status[v] = VehicleStatus.Arrived;
        s.Fleet.ArrivalTime[v] = time;
        s.Arrived++;
    }
}
