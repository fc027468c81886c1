using CityMesh.Simulation.Traffic.Engine;
using ILGPU;

namespace CityMesh.Simulation.Epidemic.Gpu;

/// <summary>
/// The agent update on ILGPU, the same rules as <see cref="ManagedEpidemicKernels"/> (both call
/// <see cref="EpidemicRules"/>): one thread per agent, then one per group to apply the step's changes.
/// </summary>
internal static class EpidemicKernels
{
    public static void Update(Index1D index, EpidemicViews v, long step)
    {
        int i = index;
        var was = (HealthState)v.State[i];
        if (was == HealthState.Recovered) return;
        float lambda = 0f;
        if (was == HealthState.Susceptible)
            for (int l = 0; l < v.Layers; l++)
            {
                int g = v.Groups[l * v.Count + i];
                if (g >= 0) lambda += EpidemicRules.Pressure(v.Beta[l], v.Infectious[g], v.Sizes[g]);
            }
        var next = EpidemicRules.Next(was, lambda, v.StepDays, v.LatentEnd, v.Recovery, v.HasLatent != 0,
            CounterRandom.Uniform32(v.Seed, i, step, CounterRandom.InfectionStream));
        if (next == was) return;
        v.State[i] = (byte)next;
        if (was == HealthState.Susceptible) Atomic.Add(ref v.Transitions[0], 1);
        int change = next == HealthState.Infectious ? 1 : was == HealthState.Infectious ? -1 : 0;
        if (next == HealthState.Infectious) Atomic.Add(ref v.Transitions[1], 1);
        if (was == HealthState.Infectious) Atomic.Add(ref v.Transitions[2], 1);
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
}
