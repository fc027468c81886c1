using ILGPU;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// The traffic kernels as ILGPU static methods, one thread per vehicle on the road (slot k of the flattened lanes) or
/// per occupied lane. Each reads only the previous step's state, so threads need no order. The Krauss formulas and
/// the dawdle draw are the managed methods themselves (<see cref="Krauss"/>, <see cref="CounterRandom"/>), which ILGPU
/// compiles for the device; on its CPU accelerator they run as the very same .NET code.
/// </summary>
internal static class TrafficKernels
{
    /// <summary><see cref="SpeedPlanner"/> for <paramref name="slot"/>: leader, road ahead, dawdling.</summary>
    public static void PlanSpeeds(Index1D slot, TrafficViews w, long step)
    {
        int k = slot;
        int v = w.LaneVehicles[k];
        int lane = w.VehicleLane[v];
        int leader = k > w.LaneFirst[lane] ? w.LaneVehicles[k - 1] : -1;
        var p = w.Vehicles[v];
        float laneLength = w.LaneLength[lane];
        float current = w.Speed[v];
        float vmax = MathF.Min(p.MaxSpeed, w.LaneSpeed[lane] * p.SpeedFactor);
        float next = MathF.Min(current + p.Accel * w.Dt, vmax);
        if (leader >= 0)
        {
            var l = w.Vehicles[leader];
            float gap = w.Position[leader] - l.Length - p.MinGap - w.Position[v];
            next = MathF.Min(next, Krauss.SafeSpeed(gap, w.Speed[leader], l.Decel, p.Decel, p.Tau, w.Dt));
        }
        int other = w.LetIn[v];
        if (other >= 0 && w.LaneEdge[w.VehicleLane[other]] == w.LaneEdge[lane] && w.VehicleLane[other] != lane)
        {
            var o = w.Vehicles[other];
            next = MathF.Min(next, LaneChanger.LetInSpeed(w.Position[other] - o.Length - p.MinGap - w.Position[v], current, w.Speed[other], o.Decel, p.Decel, p.Tau, w.Dt));
        }
        if (leader < 0 || (w.Position[leader] > laneLength && w.Position[v] <= laneLength))
            next = MathF.Min(next, DeviceJunctionApproach.Limit(w, v, lane, next));
        if (p.Sigma > 0f)
        {
            float u = CounterRandom.Uniform(w.Seed, v, step, CounterRandom.DawdleStream);
            next = Krauss.Dawdle(next, current, p.Sigma, p.Accel, p.Decel, w.Dt, u);
        }
        w.NextSpeed[v] = next;
    }

    /// <summary><see cref="LaneMover"/>'s per-vehicle half for <paramref name="slot"/>: Euler update, waiting time, time loss.</summary>
    public static void MoveVehicles(Index1D slot, TrafficViews w)
    {
        int k = slot;
        int v = w.LaneVehicles[k];
        var p = w.Vehicles[v];
        float s = w.NextSpeed[v];
        w.Speed[v] = s;
        w.Position[v] += s * w.Dt;
        if (s < TrafficState.HaltingSpeed) w.WaitingTime[v] += w.Dt;
        w.Standing[v] = s < TrafficState.HaltingSpeed ? w.Standing[v] + w.Dt : 0f;
        float ideal = MathF.Min(p.MaxSpeed, w.LaneSpeed[w.VehicleLane[v]] * p.SpeedFactor);
        float lost = ideal > 0f ? w.Dt * MathF.Max(0f, 1f - s / ideal) : 0f;
        w.TimeLoss[v] += lost;
        w.SlotLost[k] = lost;
    }

    /// <summary>
    /// <see cref="LaneMover"/>'s per-lane half for the <paramref name="occupied"/>-th occupied lane: halting count, Σ speed, occupancy,
    /// Σ time lost, Σ waiting, added front to back as the managed loop adds them, so the float sums round alike.
    /// </summary>
    public static void TallyLanes(Index1D occupied, TrafficViews w)
    {
        int a = occupied;
        int lane = w.ActiveLanes[a];
        float speedSum = 0f, length = 0f, timeLoss = 0f, waiting = 0f;
        int halted = 0;
        for (int k = w.LaneFirst[lane]; k < w.LaneFirst[lane + 1]; k++)
        {
            int v = w.LaneVehicles[k];
            float s = w.Speed[v];
            if (s < TrafficState.HaltingSpeed)
            {
                waiting += w.Dt;
                halted++;
            }
            timeLoss += w.SlotLost[k];
            speedSum += s;
            length += w.Vehicles[v].Length;
        }
        w.Halting[a] = halted;
        w.LaneSums[4 * a] = speedSum;
        w.LaneSums[4 * a + 1] = MathF.Min(1f, length / w.LaneLength[lane]);
        w.LaneSums[4 * a + 2] = timeLoss;
        w.LaneSums[4 * a + 3] = waiting;
    }
}
