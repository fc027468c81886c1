using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>Everything a step reads and writes, in flat buffers: what a kernel backend (managed or ILGPU) works on.</summary>
internal sealed class TrafficState
{
    /// <summary>Speed below which a vehicle counts as waiting or halting (SUMO's 0.1 m/s).</summary>
    public const float HaltingSpeed = 0.1f;

    public readonly RoadTables Roads;
    public readonly Fleet Fleet;
    public readonly LaneQueues Lanes;
    public readonly LinkState[] LinkStates;
    public readonly LaneTally Tally;
    public readonly LanePlans Plans;
    /// <summary>The vehicles inside junctions by the lane they enter, as the last transfers left them.</summary>
    public readonly JunctionMerges Merges;
    /// <summary>Lanes a vehicle entered this step overlapping a neighbour, for the collision check.</summary>
    public readonly LaneSet CollisionSuspects;

    /// <summary>Lanes where some trip arrives before the end (its arrivalPos): the only ones the transfers scan whole.</summary>
    public readonly bool[] ArrivalsInside;
    public readonly float Dt;
    public readonly ulong Seed;
    public long Step;
    public double Time;

    /// <summary>Trips whose depart time has come, vehicles inserted, vehicles arrived.</summary>
    public int Due, Inserted, Arrived;

    /// <summary>Vehicles moved on after standing too long (SUMO's teleports).</summary>
    public int Teleports;

    /// <summary>
    /// Teleports by SUMO's causes: the next lane full (jam), waiting for right of way (yield), no way on from the lane
    /// (wrong lane), and a collision (a vehicle whose front overlaps the back of the one ahead).
    /// </summary>
    public int TeleportsJam, TeleportsYield, TeleportsWrongLane, TeleportsCollision;

    /// <summary>Σ over steps of the vehicles moved: the work done.</summary>
    public long VehicleUpdates;

    public TrafficState(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions options)
    {
        options.Validated();
        Roads = new RoadTables(network);
        Fleet = new Fleet(demand, options.Seed);
        float shortest = demand.Types.Count == 0 ? 5f : (float)demand.Types.Min(t => t.Length + t.MinGap);
        Lanes = new LaneQueues(Roads, shortest);
        LinkStates = (LinkState[])Roads.StaticLinkState.Clone();
        Tally = new LaneTally(Roads, network.Junctions.Count, network.Edges);
        Plans = new LanePlans(Fleet.Count, Roads.MaxLanesPerEdge);
        Merges = new JunctionMerges(Roads.LaneCount, Fleet.Count);
        CollisionSuspects = new LaneSet(Roads.LaneCount);
        ArrivalsInside = new bool[Roads.LaneCount];
        for (int v = 0; v < Fleet.Count; v++)
        {
            if (float.IsNaN(Fleet.ArrivalPos[v])) continue;
            int last = Fleet.RouteEdges[Fleet.RouteEnd[v] - 1];
            for (int k = Roads.EdgeLaneStart[last]; k < Roads.EdgeLaneStart[last + 1]; k++) ArrivalsInside[Roads.EdgeLanes[k]] = true;
        }
        Dt = (float)options.StepLength;
        Seed = options.Seed;
    }
}
