namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Per-lane and per-junction accumulators over the run, plus the last step's detector-like values. Each lane's
/// entries are written only by the job that owns the lane, so the sums do not depend on the thread count.
/// </summary>
internal sealed class LaneTally
{
    public readonly double[] SpeedSum, OccupancySum, TimeLossSum, WaitingSum;
    public readonly long[] VehicleSteps;
    public readonly int[] Entered, EdgeEntered;

    // Last step, per lane.
    public readonly int[] LiveCount, LiveHalting;
    public readonly float[] LiveSpeedSum;

    // Junctions.
    public readonly long[] JunctionPassed, JunctionQueueSum;
    public readonly int[] JunctionMaxQueue;
    public readonly int[] JunctionIncomingStart, JunctionIncoming;
    public long Steps;

    public LaneTally(RoadTables roads, int junctions, IReadOnlyList<Model.Edge> edges)
    {
        int lanes = roads.LaneCount;
        SpeedSum = new double[lanes]; OccupancySum = new double[lanes]; TimeLossSum = new double[lanes]; WaitingSum = new double[lanes];
        VehicleSteps = new long[lanes];
        Entered = new int[lanes];
        EdgeEntered = new int[roads.EdgeCount];
        LiveCount = new int[lanes]; LiveHalting = new int[lanes]; LiveSpeedSum = new float[lanes];
        JunctionPassed = new long[junctions]; JunctionQueueSum = new long[junctions]; JunctionMaxQueue = new int[junctions];

        JunctionIncomingStart = new int[junctions + 1];
        for (int l = 0; l < lanes; l++) JunctionIncomingStart[edges[roads.LaneEdge[l]].To + 1]++;
        for (int j = 0; j < junctions; j++) JunctionIncomingStart[j + 1] += JunctionIncomingStart[j];
        JunctionIncoming = new int[lanes];
        var fill = (int[])JunctionIncomingStart.Clone();
        for (int l = 0; l < lanes; l++) JunctionIncoming[fill[edges[roads.LaneEdge[l]].To]++] = l;
    }

    /// <summary>Queue per junction = vehicles halting (v &lt; 0.1 m/s) on its incoming lanes, after the step.</summary>
    public void TallyQueues()
    {
        Steps++;
        for (int j = 0; j < JunctionMaxQueue.Length; j++)
        {
            int queue = 0;
            for (int k = JunctionIncomingStart[j]; k < JunctionIncomingStart[j + 1]; k++) queue += LiveHalting[JunctionIncoming[k]];
            JunctionQueueSum[j] += queue;
            if (queue > JunctionMaxQueue[j]) JunctionMaxQueue[j] = queue;
        }
    }
}
