namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// One lane's share of the speed kernel: Krauss from the lane leader, the links ahead for the first vehicle before
/// the stop line, then dawdling. Reads only the previous step's positions and speeds; writes NextSpeed.
/// </summary>
internal static class SpeedPlanner
{
    public static void PlanLane(TrafficState s, int lane)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        int count = q.Count(lane);
        if (count == 0) return;
        float dt = s.Dt;
        float laneLength = s.Roads.LaneLength[lane];
        float laneSpeed = s.Roads.LaneSpeed[lane];
        int leader = -1;
        for (int i = 0; i < count; i++)
        {
            int v = q.At(lane, i);
            float speed = f.Speed[v];
            float vmax = MathF.Min(f.MaxSpeed[v], laneSpeed * f.SpeedFactor[v]);
            float next = MathF.Min(speed + f.Accel[v] * dt, vmax);
            if (leader >= 0)
            {
                float gap = f.Position[leader] - f.Length[leader] - f.MinGap[v] - f.Position[v];
                next = MathF.Min(next, Krauss.SafeSpeed(gap, f.Speed[leader], f.Decel[leader], f.Decel[v], f.Tau[v], dt));
            }
            if (f.LetIn[v] is var other and >= 0 && s.Roads.LaneEdge[f.Lane[other]] == s.Roads.LaneEdge[lane] && f.Lane[other] != lane)
                next = MathF.Min(next, LaneChanger.LetInSpeed(f.Position[other] - f.Length[other] - f.MinGap[v] - f.Position[v], speed,
                    f.Speed[other], f.Decel[other], f.Decel[v], f.Tau[v], dt));
            // The road beyond the lane end matters to the lane's front vehicle (even inside the junction) and to
            // the first one before the stop line, whose lane leader is already crossing.
            if (leader < 0 || (f.Position[leader] > laneLength && f.Position[v] <= laneLength))
                next = MathF.Min(next, JunctionApproach.Limit(s, v, lane, next));
            if (f.Sigma[v] > 0f)
            {
                float u = CounterRandom.Uniform(s.Seed, v, s.Step, CounterRandom.DawdleStream);
                next = Krauss.Dawdle(next, speed, f.Sigma[v], f.Accel[v], f.Decel[v], dt, u);
            }
            f.NextSpeed[v] = next;
            leader = v;
        }
    }
}
