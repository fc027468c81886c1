namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// One agent's step, as pure functions of its state, age band, the force of infection on it and its draws: the
/// managed path and the ILGPU kernel both call these, so the two backends decide alike.
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
    /// The next state. A susceptible agent is infected with chance 1 − e^(−λ·dt) (straight to infectious when there is
    /// no latent period); a latent one becomes infectious, an infectious one ends its infectious period, a ward or an
    /// ICU patient ends its stay, each with its chance per step (<paramref name="chances"/>: latent end, recovery,
    /// ward end, ICU end). Where an infectious period or a stay ends, the second draw and the agent's age band's
    /// shares (<see cref="Severity"/>: admitted, moved to ICU, dying there) decide what follows.
    /// </summary>
    public static HealthState Next(HealthState state, float lambda, float stepDays, Chances chances, bool latent,
        uint draw, uint outcome, float admitted, float critical, float dying) =>
        state switch
        {
            HealthState.Susceptible => Happens(draw, Chance(lambda * stepDays)) ? (latent ? HealthState.Exposed : HealthState.Infectious) : state,
            HealthState.Exposed => Happens(draw, chances.LatentEnd) ? HealthState.Infectious : state,
            HealthState.Infectious => !Happens(draw, chances.Recovery) ? state
                : Happens(outcome, admitted) ? HealthState.Hospitalised : HealthState.Recovered,
            HealthState.Hospitalised => !Happens(draw, chances.WardEnd) ? state
                : Happens(outcome, critical) ? HealthState.Critical : HealthState.Recovered,
            HealthState.Critical => !Happens(draw, chances.CriticalEnd) ? state
                : Happens(outcome, dying) ? HealthState.Dead : HealthState.Recovered,
            _ => state,
        };

    /// <summary>What a move from <paramref name="was"/> to <paramref name="next"/> does to the ward's occupancy: +1, −1 or 0.</summary>
    public static int WardChange(HealthState was, HealthState next) =>
        (next == HealthState.Hospitalised ? 1 : 0) - (was == HealthState.Hospitalised ? 1 : 0);

    /// <summary>What a move does to the ICU's occupancy: +1, −1 or 0.</summary>
    public static int IcuChange(HealthState was, HealthState next) =>
        (next == HealthState.Critical ? 1 : 0) - (was == HealthState.Critical ? 1 : 0);

    /// <summary>A susceptible agent vaccinated with <paramref name="chance"/> (coverage × efficacy) becomes immune.</summary>
    public static bool Immunised(HealthState state, uint draw, float chance) => state == HealthState.Susceptible && chance > 0f && Happens(draw, chance);
}

/// <summary>Chances per step of leaving the latent, infectious, ward and ICU states.</summary>
internal readonly record struct Chances(float LatentEnd, float Recovery, float WardEnd, float CriticalEnd);
