namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The Krauss car-following formulas as SUMO's default model (MSCFModel_Krauss) states them for the Euler update;
/// see README.md for the derivation and where they differ from SUMO's refinements.
/// </summary>
internal static class Krauss
{
    /// <summary>
    /// Krauss's safe speed in its continuous form, vsafe = −τb + √((τb)² + vL² + 2·b·gap): the speed from which,
    /// after a reaction time τ, the follower stops behind a leader that brakes at b. Never negative. Kept as the
    /// reference the Euler form below refines; see README.md.
    /// </summary>
    public static float ContinuousSafeSpeed(float gap, float leaderSpeed, float decel, float tau)
    {
        float tb = tau * decel;
        float radicand = tb * tb + leaderSpeed * leaderSpeed + 2f * decel * gap;
        return radicand <= 0f ? 0f : MathF.Max(0f, MathF.Sqrt(radicand) - tb);
    }

    /// <summary>
    /// The safe follow speed under Euler updates, as SUMO uses it: the largest v whose stopping distance when
    /// driven for τ and then reduced by b·dt each step is at most gap + the leader's stopping distance under the
    /// same discrete braking. The continuous formula overstates how far a slow leader goes before it stops (it
    /// moves vL'·dt per step, not the mean speed), which lets a follower close below minGap; this does not.
    /// </summary>
    public static float SafeSpeed(float gap, float leaderSpeed, float leaderDecel, float decel, float tau, float dt)
    {
        float room = gap + EulerBrakeDistance(leaderSpeed, leaderDecel, dt);
        return room <= 0f ? 0f : SpeedForBrakeDistance(room, decel, tau, dt);
    }

    /// <summary>Safe speed towards a standing obstacle <paramref name="distance"/> ahead (a stop line, a lane end).</summary>
    public static float StopSpeed(float distance, float decel, float tau, float dt) =>
        distance <= 0f ? 0f : SpeedForBrakeDistance(distance, decel, tau, dt);

    /// <summary>Distance covered from <paramref name="speed"/> braking by b·dt each step: dt·Σₖ₌₁..ₙ (v − k·b·dt), n = ⌊v / b·dt⌋.</summary>
    public static float EulerBrakeDistance(float speed, float decel, float dt)
    {
        float step = decel * dt;
        float n = MathF.Floor(speed / step);
        return dt * (n * speed - step * n * (n + 1f) * 0.5f);
    }

    /// <summary>
    /// Inverse of S(v) = v·τ + EulerBrakeDistance(v): S is continuous and piecewise linear in v with breaks at
    /// multiples of B = b·dt, S(n·B) = n·B·τ + dt·B·n(n−1)/2. The piece holding <paramref name="distance"/> is the
    /// largest n with S(n·B) ≤ distance (a quadratic in n), and on it v = (distance + dt·B·n(n+1)/2) / (τ + n·dt).
    /// </summary>
    private static float SpeedForBrakeDistance(float distance, float decel, float tau, float dt)
    {
        float step = decel * dt;
        float qa = 0.5f * dt * step, qb = step * tau - 0.5f * dt * step;
        float n = MathF.Max(0f, MathF.Floor((MathF.Sqrt(qb * qb + 4f * qa * distance) - qb) / (2f * qa)));
        // Float rounding can put n one piece too high.
        if (n > 0f && n * step * tau + qa * n * (n - 1f) > distance) n -= 1f;
        return (distance + 0.5f * dt * step * n * (n + 1f)) / (tau + n * dt);
    }

    /// <summary>The highest speed from which braking at b reaches <paramref name="target"/> within <paramref name="distance"/>.</summary>
    public static float ApproachSpeed(float distance, float target, float decel) =>
        MathF.Sqrt(target * target + 2f * decel * MathF.Max(0f, distance));

    /// <summary>
    /// Driver imperfection: v' − σ·a·dt·U, but never below what braking at decel from the old speed gives
    /// (dawdling must not brake harder than the driver can) and never above v'.
    /// </summary>
    public static float Dawdle(float planned, float oldSpeed, float sigma, float accel, float decel, float dt, float uniform)
    {
        float dawdled = planned - sigma * accel * dt * uniform;
        float floor = MathF.Min(planned, MathF.Max(0f, oldSpeed - decel * dt));
        return MathF.Max(floor, MathF.Max(0f, dawdled));
    }

    /// <summary>
    /// SUMO's least time to cover <paramref name="distance"/> and be at <paramref name="arrivalSpeed"/> there
    /// (MSCFModel::getMinimalArrivalTime): accelerate at once up to it and hold it, or hold the current speed and
    /// brake to it at the end; a standing vehicle is counted at the halting speed.
    /// </summary>
    public static float MinimalArrivalTime(float distance, float speed, float arrivalSpeed, float accel, float decel)
    {
        if (distance <= 0f) return 0f;
        float a = arrivalSpeed >= speed ? accel : -decel;
        float rampTime = (arrivalSpeed - speed) / a;
        float rampDistance = rampTime * (arrivalSpeed + speed) * 0.5f;
        if (distance >= rampDistance)
            return rampTime + (distance - rampDistance) / MathF.Max(MathF.Max(speed, arrivalSpeed), TrafficState.HaltingSpeed);
        return (MathF.Sqrt(MathF.Max(0f, speed * speed + 2f * a * distance)) - speed) / a; // reached within the ramp
    }

    /// <summary>Seconds to cover <paramref name="distance"/> from <paramref name="speed"/> accelerating at <paramref name="accel"/> up to <paramref name="vmax"/>.</summary>
    public static float TimeToCover(float distance, float speed, float accel, float vmax)
    {
        if (distance <= 0f) return 0f;
        if (speed >= vmax) return distance / MathF.Max(vmax, 0.1f);
        float rampTime = (vmax - speed) / accel;
        float rampDistance = 0.5f * (speed + vmax) * rampTime;
        if (distance <= rampDistance) return (MathF.Sqrt(speed * speed + 2f * accel * distance) - speed) / accel;
        return rampTime + (distance - rampDistance) / vmax;
    }
}
