using CityMesh.Simulation.Traffic.Engine;
using ILGPU;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>
/// The agent update on ILGPU, the same rules as <see cref="ManagedEpidemicKernels"/> (both call
/// <see cref="EpidemicRules"/>): one thread per agent, then one per group to apply the step's changes. Moves are
/// counted with atomics only where an agent changes state.
/// </summary>
internal static class EpidemicKernels
{
    public static void Update(Index1D index, EpidemicViews v, long step)
    {
        int i = index;
        var was = (HealthState)v.State[i];
        if (was == HealthState.Recovered || was == HealthState.Dead) return;
        float lambda = 0f;
        if (was == HealthState.Susceptible)
            for (int l = 0; l < v.Layers; l++)
            {
                int g = v.Groups[l * v.Count + i];
                if (g >= 0) lambda += EpidemicRules.Pressure(v.Beta[l], v.Infectious[g], v.Sizes[g]);
            }
        int band = v.AgeBand[i];
        var next = EpidemicRules.Next(was, lambda, v.StepDays, v.Chances, v.HasLatent != 0,
            CounterRandom.Uniform32(v.Seed, i, step, CounterRandom.InfectionStream),
            CounterRandom.Uniform32(v.Seed, i, step, CounterRandom.OutcomeStream),
            v.Severity[band], v.Severity[Severity.Bands + band], v.Severity[2 * Severity.Bands + band]);
        if (next == was) return;
        v.State[i] = (byte)next;
        Count(v, was, next);
        if (v.Hospitals > 0)
        {
            int ward = EpidemicRules.WardChange(was, next), icu = EpidemicRules.IcuChange(was, next);
            if (ward != 0) Atomic.Add(ref v.Beds[v.HospitalOf[i] * EpidemicState.BedKinds], ward);
            if (icu != 0) Atomic.Add(ref v.Beds[v.HospitalOf[i] * EpidemicState.BedKinds + 1], icu);
        }
        int change = next == HealthState.Infectious ? 1 : was == HealthState.Infectious ? -1 : 0;
        if (change == 0) return;
        for (int l = 0; l < v.Layers; l++)
        {
            int g = v.Groups[l * v.Count + i];
            if (g >= 0) Atomic.Add(ref v.Delta[g], change);
        }
    }

    public static void Apply(Index1D index, EpidemicViews v)
    {
        int g = index;
        v.Infectious[g] += v.Delta[g];
        v.Delta[g] = 0;
    }

    public static void Vaccinate(Index1D index, EpidemicViews v, long step)
    {
        int i = index;
        if (!EpidemicRules.Immunised((HealthState)v.State[i], CounterRandom.Uniform32(v.Seed, i, step, CounterRandom.VaccinationStream), v.VaccineChance[(int)v.AgeBand[i]])) return;
        v.State[i] = (byte)HealthState.Recovered;
        Count(v, HealthState.Susceptible, HealthState.Recovered);
    }

    private static void Count(EpidemicViews v, HealthState was, HealthState next)
    {
        Atomic.Add(ref v.Moves[(int)next], 1);
        Atomic.Add(ref v.Moves[Moves.OutOf + (int)was], 1);
        if (was == HealthState.Susceptible && next != HealthState.Recovered) Atomic.Add(ref v.Moves[Moves.Infected], 1);
    }
}
