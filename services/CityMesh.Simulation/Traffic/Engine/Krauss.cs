namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The Krauss car-following formulas as SUMO's default model (MSCFModel_Krauss) states them for the Euler update;
/// see README.md for the derivation and where they differ from SUMO's refinements.
/// </summary>
internal static class Krauss
{
    /// <summary>
    /// Largest speed from which the follower can still stop behind a leader braking at <paramref name="decel"/>:
    /// vsafe = −τb + √((τb)² + vL² + 2·b·gap). Never negative.
    /// </summary>
    public static float SafeSpeed(float gap, float leaderSpeed, float decel, float tau)
    {
        float tb = tau * decel;
        float radicand = tb * tb + leaderSpeed * leaderSpeed + 2f * decel * gap;
        return radicand <= 0f ? 0f : MathF.Max(0f, MathF.Sqrt(radicand) - tb);
    }

    /// <summary>vsafe for a standing obstacle <paramref name="distance"/> ahead (a stop line or a lane end).</summary>
    public static float StopSpeed(float distance, float decel, float tau) => SafeSpeed(distance, 0f, decel, tau);

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
