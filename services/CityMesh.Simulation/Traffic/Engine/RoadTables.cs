using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The network flattened into arrays (lane, connection and edge attributes; lane→outgoing connections and
/// connection→foes as compressed rows) so kernels index plain buffers, as their device twins do (Gpu/DeviceTraffic).
/// </summary>
internal sealed class RoadTables
{
    public readonly int LaneCount, EdgeCount, ConnectionCount, JunctionCount;
    public readonly float[] LaneLength, LaneSpeed;
    public readonly int[] LaneEdge;
    /// <summary>Each lane's place on its edge (0 rightmost) and the vehicle classes it lets on.</summary>
    public readonly int[] LaneIndexOnEdge;
    public readonly uint[] LanePermissions;
    /// <summary>The most lanes any edge has.</summary>
    public readonly int MaxLanesPerEdge;
    public readonly int[] EdgeLaneStart, EdgeLanes, EdgeTo;
    public readonly float[] EdgeLength;
    public readonly int[] LaneOutStart, LaneOut;
    public readonly int[] ConnFrom, ConnTo, ConnSignal, ConnLinkIndex, ConnJunction;
    public readonly float[] ConnVia;
    /// <summary>Speed limit across the junction, m/s (float.MaxValue: none).</summary>
    public readonly float[] ConnViaSpeed;
    public readonly bool[] ConnMajor;
    /// <summary>
    /// Links whose vehicles others merging into the same lane see (<see cref="JunctionMerges"/>): all but an
    /// unregulated junction's, which SUMO gives no foes at all, so merges there collide as in SUMO.
    /// </summary>
    public readonly bool[] ConnSeen;
    public readonly int[] FoeStart, Foes;
    /// <summary>Connections whose right of way is fixed (no signal): Major or Minor, never changes.</summary>
    public readonly LinkState[] StaticLinkState;

    public RoadTables(TrafficNetwork network)
    {
        LaneCount = network.Lanes.Count;
        EdgeCount = network.Edges.Count;
        ConnectionCount = network.Connections.Count;
        JunctionCount = network.Junctions.Count;

        LaneLength = new float[LaneCount];
        LaneSpeed = new float[LaneCount];
        LaneEdge = new int[LaneCount];
        LaneIndexOnEdge = new int[LaneCount];
        LanePermissions = new uint[LaneCount];
        for (int l = 0; l < LaneCount; l++)
        {
            var lane = network.Lanes[l];
            LaneLength[l] = (float)lane.Length;
            LaneSpeed[l] = (float)lane.SpeedLimit;
            LaneEdge[l] = lane.Edge;
            LanePermissions[l] = lane.Permissions;
        }

        EdgeLaneStart = new int[EdgeCount + 1];
        EdgeTo = new int[EdgeCount];
        EdgeLength = new float[EdgeCount];
        for (int e = 0; e < EdgeCount; e++)
        {
            EdgeLaneStart[e + 1] = EdgeLaneStart[e] + network.Edges[e].Lanes.Count;
            EdgeTo[e] = network.Edges[e].To;
            EdgeLength[e] = (float)network.Edges[e].Length;
        }
        EdgeLanes = new int[EdgeLaneStart[EdgeCount]];
        for (int e = 0; e < EdgeCount; e++)
        {
            // Rightmost first, whatever order the importer listed them in.
            var lanes = network.Edges[e].Lanes.OrderBy(l => network.Lanes[l].IndexOnEdge).ToArray();
            lanes.CopyTo(EdgeLanes, EdgeLaneStart[e]);
            for (int k = 0; k < lanes.Length; k++) LaneIndexOnEdge[lanes[k]] = k;
            MaxLanesPerEdge = Math.Max(MaxLanesPerEdge, lanes.Length);
        }

        ConnFrom = new int[ConnectionCount];
        ConnTo = new int[ConnectionCount];
        ConnSignal = new int[ConnectionCount];
        ConnLinkIndex = new int[ConnectionCount];
        ConnJunction = new int[ConnectionCount];
        ConnVia = new float[ConnectionCount];
        ConnViaSpeed = new float[ConnectionCount];
        ConnMajor = new bool[ConnectionCount];
        ConnSeen = new bool[ConnectionCount];
        StaticLinkState = new LinkState[ConnectionCount];
        FoeStart = new int[ConnectionCount + 1];
        LaneOutStart = new int[LaneCount + 1];
        for (int c = 0; c < ConnectionCount; c++)
        {
            var conn = network.Connections[c];
            ConnFrom[c] = conn.FromLane;
            ConnTo[c] = conn.ToLane;
            ConnSignal[c] = conn.Signal ?? -1;
            ConnLinkIndex[c] = conn.LinkIndex;
            ConnJunction[c] = conn.Junction;
            ConnVia[c] = (float)conn.Via;
            ConnViaSpeed[c] = (float)Math.Min(conn.ViaSpeed, float.MaxValue);
            var kind = network.Junctions[conn.Junction].Kind;
            // Who yields to whom is in each connection's Foes (the network's right-of-way rows); Major says whether
            // a link may cross at speed when no foe comes. Unregulated: always, as SUMO drives them.
            ConnMajor[c] = kind == JunctionKind.Unregulated
                || conn.Major && kind is not (JunctionKind.AllWayStop or JunctionKind.Zipper or JunctionKind.RightBeforeLeft or JunctionKind.LeftBeforeRight);
            ConnSeen[c] = kind != JunctionKind.Unregulated;
            StaticLinkState[c] = ConnMajor[c] ? LinkState.Major
                : kind == JunctionKind.AllWayStop ? LinkState.AllWayStop
                : kind == JunctionKind.PriorityStop ? LinkState.Stop
                : kind is JunctionKind.RightBeforeLeft or JunctionKind.LeftBeforeRight ? LinkState.Equal
                : LinkState.Minor;
            FoeStart[c + 1] = FoeStart[c] + conn.Foes.Count;
            LaneOutStart[conn.FromLane + 1]++;
        }
        for (int l = 0; l < LaneCount; l++) LaneOutStart[l + 1] += LaneOutStart[l];
        LaneOut = new int[ConnectionCount];
        var fill = (int[])LaneOutStart.Clone();
        for (int c = 0; c < ConnectionCount; c++) LaneOut[fill[ConnFrom[c]]++] = c;
        Foes = new int[FoeStart[ConnectionCount]];
        for (int c = 0; c < ConnectionCount; c++)
        {
            var foes = network.Connections[c].Foes;
            for (int f = 0; f < foes.Count; f++) Foes[FoeStart[c] + f] = foes[f];
        }
    }

    /// <summary>Whether a vehicle of <paramref name="vehicleClass"/> may use <paramref name="lane"/>.</summary>
    public bool Allows(int lane, uint vehicleClass) => VehicleClasses.Allows(LanePermissions[lane], vehicleClass);

    /// <summary>Whether <paramref name="lane"/> has a connection onto a lane of <paramref name="edge"/> the class may use.</summary>
    public bool LeadsTo(int lane, int edge, uint vehicleClass)
    {
        for (int k = LaneOutStart[lane]; k < LaneOutStart[lane + 1]; k++)
        {
            int to = ConnTo[LaneOut[k]];
            if (LaneEdge[to] == edge && Allows(to, vehicleClass)) return true;
        }
        return false;
    }

    /// <summary>
    /// The connection from <paramref name="lane"/> onto a lane of <paramref name="nextEdge"/> the class may use,
    /// preferring a target lane that continues to <paramref name="afterEdge"/> (so no lane change is needed there); −1
    /// when the lane has none.
    /// </summary>
    public int ChooseConnection(int lane, int nextEdge, int afterEdge, uint vehicleClass)
    {
        int fallback = -1;
        for (int k = LaneOutStart[lane]; k < LaneOutStart[lane + 1]; k++)
        {
            int c = LaneOut[k];
            int to = ConnTo[c];
            if (LaneEdge[to] != nextEdge || !Allows(to, vehicleClass)) continue;
            if (afterEdge < 0 || LeadsTo(to, afterEdge, vehicleClass)) return c;
            if (fallback < 0) fallback = c;
        }
        return fallback;
    }
}
