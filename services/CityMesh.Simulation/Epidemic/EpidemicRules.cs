namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// One agent's step, as pure functions of its state, the force of infection on it and one 32-bit draw: the managed
/// path and the ILGPU kernel both call these, so the two backends decide alike.
/// </summary>
internal static class EpidemicRules
{
    /// <summary>A layer's contribution to the force of infection: β · infectious members / members.</summary>
    public static float Pressure(float beta, int infectious, int members) => members > 0 ? beta * infectious / members : 0f;

    /// <summary>1 − e^(−h), accurate for the small hazards of an early epidemic (float's 1 − e^(−h) cancels below 1e-3).</summary>
    public static float Chance(float hazard) => hazard < 1e-3f ? hazard * (1f - 0.5f * hazard) : 1f - MathF.Exp(-hazard);

    /// <summary>Whether a draw of 32 uniform bits falls below probability <paramref name="p"/>.</summary>
    public static bool Happens(uint draw, float p) => p >= 1f || draw < (uint)(p * 4294967296.0);

    /// <summary>
    /// The next state: a susceptible agent is infected with chance 1 − e^(−λ·dt) (straight to infectious when there is
    /// no latent period), a latent one becomes infectious and an infectious one recovers with their chances per step.
    /// </summary>
    public static HealthState Next(HealthState state, float lambda, float stepDays, float latentEnd, float recovery, bool latent, uint draw) =>
        state switch
        {
            HealthState.Susceptible => Happens(draw, Chance(lambda * stepDays)) ? (latent ? HealthState.Exposed : HealthState.Infectious) : state,
            HealthState.Exposed => Happens(draw, latentEnd) ? HealthState.Infectious : state,
            HealthState.Infectious => Happens(draw, recovery) ? HealthState.Recovered : state,
            _ => state,
        };
}
