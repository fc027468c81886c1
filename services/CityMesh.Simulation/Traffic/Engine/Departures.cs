using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Insertion: trips become due in depart order and queue on their first edge; each step every edge inserts from
/// the head of its queue while the chosen lane has a safe gap at its start, so a blocked trip holds back later
/// ones on the same edge (SUMO's insertion order). The queues are one array sized to the demand.
/// </summary>
internal sealed class Departures
{
    private readonly int[] _order;           // trips by (depart, index)
    private readonly double[] _depart;
    private readonly int[] _departLane;      // a lane index, or a rule: BestLane, FreeLane, FirstLane
    private readonly float[] _departSpeed;   // NaN: as fast as is safe
    private readonly float[] _departPos;     // the front's position; NaN: SUMO's base, the back at the lane start
    private readonly int[] _queueStart, _queueHead, _queueTail, _queue;
    private readonly int[] _departureEdges;  // edges where some trip starts, ascending
    private int _next;

    public Departures(TrafficDemand demand, RoadTables roads)
    {
        int n = demand.Trips.Count;
        _depart = demand.Trips.Select(t => t.Depart).ToArray();
        _order = Enumerable.Range(0, n).OrderBy(v => _depart[v]).ThenBy(v => v).ToArray();
        _departLane = new int[n];
        _departSpeed = new float[n];
        _departPos = new float[n];
        _queueStart = new int[roads.EdgeCount + 1];
        for (int v = 0; v < n; v++)
        {
            var trip = demand.Trips[v];
            int edge = trip.Route[0];
            int lanes = roads.EdgeLaneStart[edge + 1] - roads.EdgeLaneStart[edge];
            if (trip.DepartLane is int lane && (lane < 0 || lane >= lanes))
                throw new ArgumentException($"Trip '{trip.Id}' departs on lane {lane} of an edge with {lanes} lanes.", nameof(demand));
            _departLane[v] = trip.DepartLane ?? trip.LaneChoice switch
            {
                DepartLaneChoice.Free => FreeLane,
                DepartLaneChoice.First => FirstLane,
                _ => BestLane,
            };
            _departSpeed[v] = trip.DepartSpeed is double speed ? (float)speed : float.NaN;
            _departPos[v] = trip.DepartPos is double pos ? (float)pos : float.NaN;
            _queueStart[edge + 1]++;
        }
        for (int e = 0; e < roads.EdgeCount; e++) _queueStart[e + 1] += _queueStart[e];
        _queueHead = _queueStart[..^1].ToArray();
        _queueTail = _queueStart[..^1].ToArray();
        _queue = new int[n];
        _departureEdges = Enumerable.Range(0, roads.EdgeCount).Where(e => _queueStart[e + 1] > _queueStart[e]).ToArray();
    }

    /// <summary>The lane rules TryPlace takes instead of a lane index (SUMO's departLane best, free and first).</summary>
    public const int BestLane = -1, FreeLane = -2, FirstLane = -3;

    public double Depart(int v) => _depart[v];

    /// <summary>Trips due but not yet on the road.</summary>
    public int Waiting
    {
        get
        {
            int waiting = 0;
            foreach (int e in _departureEdges) waiting += _queueTail[e] - _queueHead[e];
            return waiting;
        }
    }

    public bool AllDue => _next == _order.Length;

    public void Insert(TrafficState s)
    {
        var f = s.Fleet;
        while (_next < _order.Length && _depart[_order[_next]] <= s.Time + 1e-9)
        {
            int v = _order[_next++];
            int edge = f.RouteEdges[f.RouteStart[v]];
            _queue[_queueTail[edge]++] = v;
            f.Status[v] = VehicleStatus.WaitingToInsert;
            s.Due++;
        }
        foreach (int edge in _departureEdges)
            while (_queueHead[edge] < _queueTail[edge] && TryInsert(s, _queue[_queueHead[edge]], edge))
                _queueHead[edge]++;
    }

    private bool TryInsert(TrafficState s, int v, int edge)
    {
        if (!TryPlace(s, v, edge, _departLane[v], _departSpeed[v], _departPos[v])) return false;
        var f = s.Fleet;
        f.Status[v] = VehicleStatus.Running;
        f.InsertTime[v] = s.Time;
        f.Odometer[v] = -f.Position[v]; // the distance counts from where its front starts
        s.Inserted++;
        return true;
    }

    /// <summary>
    /// Puts vehicle <paramref name="v"/>, whose route position is already on <paramref name="edge"/>, on
    /// <paramref name="lane"/> (an index, or <see cref="BestLane"/>, <see cref="FreeLane"/> or <see cref="FirstLane"/>) with
    /// its front at <paramref name="front"/> (NaN: its back at the lane start, SUMO's departPos "base";
    /// <see cref="Trip.BehindLast"/>: right behind the lane's last vehicle) at <paramref name="speed"/> (NaN: as fast as
    /// is safe) when there is room for it; how both insertion and teleporting enter the road.
    /// </summary>
    public static bool TryPlace(TrafficState s, int v, int edge, int lane, float speed, float front = float.NaN)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        var roads = s.Roads;
        lane = lane >= 0 ? roads.EdgeLanes[roads.EdgeLaneStart[edge] + lane] : ChooseLane(s, v, edge, lane);
        if (q.IsFull(lane)) return false;

        if (float.IsNaN(front)) front = f.Length[v];
        else if (float.IsPositiveInfinity(front))
            front = q.Count(lane) == 0 ? roads.LaneLength[lane] : MathF.Min(roads.LaneLength[lane], f.Position[q.Back(lane)] - f.Length[q.Back(lane)] - f.MinGap[v]);
        if (front < 0f) return false; // no room left at the lane's start
        float vmax = MathF.Min(f.MaxSpeed[v], roads.LaneSpeed[lane] * f.SpeedFactor[v]);
        float safe = vmax;
        int at = q.IndexFor(lane, front, f.Position);
        if (at > 0)
        {
            int leader = q.At(lane, at - 1);
            float gap = f.Position[leader] - f.Length[leader] - f.MinGap[v] - front;
            if (gap < 0f) return false;
            safe = MathF.Min(safe, Krauss.SafeSpeed(gap, f.Speed[leader], f.Decel[leader], f.Decel[v], f.Tau[v], s.Dt));
        }
        // A departPos inside the lane may put the vehicle ahead of others: the one behind must still be safe.
        int follower = at < q.Count(lane) ? q.At(lane, at) : -1;
        float rear = follower < 0 ? 0f : front - f.Length[v] - f.MinGap[follower] - f.Position[follower];
        if (follower >= 0 && rear < 0f) return false;
        float oldPosition = f.Position[v], oldSpeed = f.Speed[v];
        int oldLane = f.Lane[v], oldConnection = f.NextConnection[v];
        f.Position[v] = front;
        f.Lane[v] = lane;
        f.NextConnection[v] = f.Onward(roads, v, lane);
        f.Speed[v] = 0f;
        safe = MathF.Min(safe, JunctionApproach.Limit(s, v, lane, vmax));
        if (float.IsNaN(speed)) speed = safe;
        if (speed > safe + 1e-4f ||
            (follower >= 0 && f.Speed[follower] > Krauss.SafeSpeed(rear, speed, f.Decel[v], f.Decel[follower], f.Tau[follower], s.Dt)))
        {
            // A requested speed that is not safe waits, as in SUMO.
            (f.Position[v], f.Speed[v], f.Lane[v], f.NextConnection[v]) = (oldPosition, oldSpeed, oldLane, oldConnection);
            return false;
        }

        f.Speed[v] = speed;
        f.NextSpeed[v] = speed;
        q.Insert(lane, v, f.Position);
        s.Tally.Entered[lane]++;
        s.Tally.EdgeEntered[edge]++;
        return true;
    }

    /// <summary>
    /// The lane a departure rule picks among those the vehicle's class may use. Best (SUMO's "best"): of the lanes that
    /// reach furthest along the route (<see cref="LanePlans"/>), the one with most free room at its start. Free: the
    /// one with most room. First: the rightmost.
    /// </summary>
    private static int ChooseLane(TrafficState s, int v, int edge, int rule)
    {
        var roads = s.Roads;
        var f = s.Fleet;
        int first = roads.EdgeLaneStart[edge], end = roads.EdgeLaneStart[edge + 1];
        float furthest = 0f;
        if (rule == BestLane)
            for (int k = first; k < end; k++) furthest = MathF.Max(furthest, s.Plans.Reach(s, v, k - first));
        int best = -1;
        float bestRoom = float.MinValue;
        for (int k = first; k < end; k++)
        {
            int lane = roads.EdgeLanes[k];
            if (!roads.Allows(lane, f.Class[v]) || (rule == BestLane && s.Plans.Reach(s, v, k - first) < furthest)) continue;
            if (rule == FirstLane) return lane;
            float room = s.Lanes.Count(lane) == 0 ? roads.LaneLength[lane] : f.Position[s.Lanes.Back(lane)] - f.Length[s.Lanes.Back(lane)];
            if (room > bestRoom) (best, bestRoom) = (lane, room);
        }
        return best >= 0 ? best : roads.EdgeLanes[first];
    }
}
