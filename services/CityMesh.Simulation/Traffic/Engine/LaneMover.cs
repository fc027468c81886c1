namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// One lane's share of the move kernel: v ← planned speed, x ← x + v·dt (Euler, SUMO's default), waiting time and
/// time loss per vehicle, and the lane's statistics and detector values for this step.
/// </summary>
internal static class LaneMover
{
    public static void MoveLane(TrafficState s, int lane)
    {
        var f = s.Fleet;
        var q = s.Lanes;
        var tally = s.Tally;
        int count = q.Count(lane);
        float dt = s.Dt;
        float laneSpeed = s.Roads.LaneSpeed[lane];
        float speedSum = 0f, occupied = 0f, timeLoss = 0f, waiting = 0f;
        int halting = 0;
        for (int i = 0; i < count; i++)
        {
            int v = q.At(lane, i);
            float speed = f.NextSpeed[v];
            f.Speed[v] = speed;
            f.Position[v] += speed * dt;
            f.Standing[v] = speed < TrafficState.HaltingSpeed ? f.Standing[v] + dt : 0f;
            if (speed < TrafficState.HaltingSpeed)
            {
                f.WaitingTime[v] += dt;
                waiting += dt;
                halting++;
            }
            // SUMO's timeLoss: the share of the step not driven at the speed the vehicle would like.
            float ideal = MathF.Min(f.MaxSpeed[v], laneSpeed * f.SpeedFactor[v]);
            float lost = ideal > 0f ? dt * MathF.Max(0f, 1f - speed / ideal) : 0f;
            f.TimeLoss[v] += lost;
            timeLoss += lost;
            speedSum += speed;
            occupied += f.Length[v];
        }
        tally.LiveCount[lane] = count;
        tally.LiveHalting[lane] = halting;
        tally.LiveSpeedSum[lane] = speedSum;
        if (count == 0) return;
        tally.SpeedSum[lane] += speedSum;
        tally.VehicleSteps[lane] += count;
        tally.OccupancySum[lane] += MathF.Min(1f, occupied / s.Roads.LaneLength[lane]);
        tally.TimeLossSum[lane] += timeLoss;
        tally.WaitingSum[lane] += waiting;
    }
}
