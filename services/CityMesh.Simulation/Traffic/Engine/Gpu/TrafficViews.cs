using ILGPU;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// Everything the traffic kernels read and write, as device views in one kernel parameter (the views are fixed for a
/// simulation's life, so this is built once). Lanes are the host's queues flattened each step: lane l holds
/// LaneVehicles[LaneFirst[l] .. LaneFirst[l+1]), front first (<see cref="LaneLayout"/>).
/// </summary>
internal struct TrafficViews
{
    // Vehicle state (twins of the host's Fleet arrays).
    public ArrayView<float> Position, Speed, WaitingTime, TimeLoss, Standing;
    public ArrayView<int> VehicleLane, NextConnection, RoutePos, LetIn;

    // Constant per vehicle and per road element.
    public ArrayView<VehicleParams> Vehicles;
    public ArrayView<int> RouteEdges;
    public ArrayView<float> LaneLength, LaneSpeed;
    public ArrayView<int> LaneEdge, LaneOutStart, LaneOut;
    public ArrayView<uint> LanePermissions;
    public ArrayView<int> ConnFrom, ConnTo;
    public ArrayView<float> ConnVia;
    public ArrayView<float> ConnViaSpeed;
    public ArrayView<int> FoeStart, Foes;

    // The step's lane layout and signals, uploaded when the host phases changed them.
    public ArrayView<int> LaneFirst, LaneVehicles, ActiveLanes;
    public ArrayView<byte> LaneFull;
    public ArrayView<LinkState> LinkStates;
    // The step's vehicles inside junctions by the lane they enter (JunctionMerges, built on the host).
    public ArrayView<int> MergeHead, MergeVehicles, MergeNext;
    public ArrayView<float> MergeRemaining;

    // Device-only scratch: planned speeds, time lost per slot, per occupied lane halting count and four sums.
    public ArrayView<float> NextSpeed, SlotLost, LaneSums;
    public ArrayView<int> Halting;

    public float Dt;
    public ulong Seed;

    public readonly int LaneCount(int lane) => LaneFirst[lane + 1] - LaneFirst[lane];

    public readonly int LaneAt(int lane, int i) => LaneVehicles[LaneFirst[lane] + i];

    public readonly int LaneBack(int lane) => LaneVehicles[LaneFirst[lane + 1] - 1];

    /// <summary><see cref="JunctionMerges.LeaderAhead"/> over the uploaded lists.</summary>
    public readonly int MergeLeaderAhead(int lane, int v, float own, out float remaining)
    {
        remaining = 0f;
        int found = -1;
        for (int k = MergeHead[lane]; k >= 0 && MergeRemaining[k] < own; k = MergeNext[k])
        {
            if (MergeVehicles[k] == v) continue;
            found = MergeVehicles[k];
            remaining = MergeRemaining[k];
        }
        return found;
    }
}
