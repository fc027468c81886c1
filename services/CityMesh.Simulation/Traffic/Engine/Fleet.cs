using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Every vehicle of the demand as structure-of-arrays, one slot per trip, allocated once. Kinematic state is
/// float32 (what a device kernel keeps); times that grow with the run are kept in double.
/// </summary>
internal sealed class Fleet
{
    public readonly int Count;

    // State the kernels read and write.
    public readonly float[] Position, Speed, NextSpeed;
    public readonly int[] Lane, RoutePos, NextConnection;
    /// <summary>The vehicle on a neighbouring lane this one makes room for this step (−1: none); set by the lane changer.</summary>
    public readonly int[] LetIn;
    public readonly VehicleStatus[] Status;

    // Parameters, per vehicle so kernels need no type table.
    public readonly float[] Length, MinGap, Accel, Decel, EmergencyDecel, Sigma, Tau, MaxSpeed, SpeedFactor;
    /// <summary>The vehicle's class bit (<see cref="VehicleClasses"/>): the lanes it may use.</summary>
    public readonly uint[] Class;

    /// <summary>Where the front leaves the last edge (NaN: at its end, SUMO's arrivalPos "max").</summary>
    public readonly float[] ArrivalPos;

    // Routes as compressed rows of edge indices; RouteEnd is exclusive.
    public readonly int[] RouteStart, RouteEnd, RouteEdges;

    // Bookkeeping for outputs.
    public readonly float[] WaitingTime, TimeLoss;
    /// <summary>Seconds stood since the vehicle last moved (SUMO's getWaitingTime, which its impatience grows with).</summary>
    public readonly float[] Standing;
    /// <summary>
    /// Metres driven before the start of the vehicle's lane: minus its front's place at insertion, plus each lane left
    /// and each path across a junction; at arrival, the whole distance (SUMO's tripinfo routeLength). Host side.
    /// </summary>
    public readonly float[] Odometer;
    public readonly double[] InsertTime, ArrivalTime;
    public readonly long[] LastLaneChangeStep;

    public Fleet(TrafficDemand demand, ulong seed)
    {
        Count = demand.Trips.Count;
        Position = new float[Count]; Speed = new float[Count]; NextSpeed = new float[Count];
        Lane = new int[Count]; RoutePos = new int[Count]; NextConnection = new int[Count];
        LetIn = new int[Count];
        Array.Fill(LetIn, -1);
        Status = new VehicleStatus[Count];
        Length = new float[Count]; MinGap = new float[Count]; Accel = new float[Count]; Decel = new float[Count];
        EmergencyDecel = new float[Count]; Sigma = new float[Count]; Tau = new float[Count]; MaxSpeed = new float[Count];
        SpeedFactor = new float[Count];
        Class = new uint[Count];
        ArrivalPos = new float[Count];
        RouteStart = new int[Count]; RouteEnd = new int[Count];
        WaitingTime = new float[Count]; TimeLoss = new float[Count]; Odometer = new float[Count]; Standing = new float[Count];
        InsertTime = new double[Count]; ArrivalTime = new double[Count];
        LastLaneChangeStep = new long[Count];

        int totalRoute = 0;
        foreach (var trip in demand.Trips) totalRoute += trip.Route.Count;
        RouteEdges = new int[totalRoute];

        int cursor = 0;
        for (int v = 0; v < Count; v++)
        {
            var trip = demand.Trips[v];
            if (trip.Route.Count == 0) throw new ArgumentException($"Trip '{trip.Id}' has an empty route.", nameof(demand));
            var type = demand.Types[trip.Type];
            Length[v] = (float)type.Length;
            MinGap[v] = (float)type.MinGap;
            Accel[v] = (float)type.Accel;
            Decel[v] = (float)type.Decel;
            EmergencyDecel[v] = (float)Math.Max(type.EmergencyDecel, type.Decel);
            Sigma[v] = (float)type.Sigma;
            Tau[v] = (float)type.Tau;
            MaxSpeed[v] = (float)type.MaxSpeed;
            Class[v] = type.Class;
            ArrivalPos[v] = trip.ArrivalPos is double arrival ? (float)arrival : float.NaN;
            // SUMO's default speed distribution: normal(speedFactor, speedDev) cut to [0.2, 2].
            double factor = type.SpeedFactor + type.SpeedDev * CounterRandom.Normal(seed, v, CounterRandom.SpeedFactorStream);
            SpeedFactor[v] = (float)Math.Clamp(factor, 0.2, 2.0);
            RouteStart[v] = cursor;
            for (int k = 0; k < trip.Route.Count; k++) RouteEdges[cursor++] = trip.Route[k];
            RouteEnd[v] = cursor;
            RoutePos[v] = RouteStart[v];
            NextConnection[v] = -1;
            LastLaneChangeStep[v] = -1;
            ArrivalTime[v] = double.NaN;
            InsertTime[v] = double.NaN;
        }
    }

    public bool OnLastEdge(int v) => RoutePos[v] == RouteEnd[v] - 1;

    /// <summary>The edge after the current one, or −1 on the last edge.</summary>
    public int NextEdge(int v) => RoutePos[v] + 1 < RouteEnd[v] ? RouteEdges[RoutePos[v] + 1] : -1;

    /// <summary>The edge two after the current one, or −1.</summary>
    public int EdgeAfterNext(int v) => RoutePos[v] + 2 < RouteEnd[v] ? RouteEdges[RoutePos[v] + 2] : -1;

    /// <summary>The connection the vehicle takes from <paramref name="lane"/> onto its next edge (−1 on its last edge, or when that lane has none).</summary>
    public int Onward(RoadTables roads, int v, int lane)
    {
        int next = NextEdge(v);
        return next < 0 ? -1 : roads.ChooseConnection(lane, next, EdgeAfterNext(v), Class[v]);
    }

    /// <summary>Bytes of per-vehicle arrays plus the mean route, what a device copy of the fleet would hold.</summary>
    public double BytesPerVehicle()
    {
        const int floats = 3 + 9 + 5; // kinematics, parameters, waiting time, standing, time loss, arrival position, odometer
        const int ints = 3 + 2 + 2;   // lane, route position, next connection, route bounds, class, let in
        const int wide = 2 + 1;       // insert/arrival times, last lane change step
        double route = Count == 0 ? 0 : 4.0 * RouteEdges.Length / Count;
        return floats * 4 + ints * 4 + wide * 8 + 1 + route;
    }
}
