using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The managed path: the CPU fallback and the oracle of the ILGPU kernel. Agents in chunks over the cores; a
/// transition adds to its groups' deltas (Interlocked: integers, so the order does not matter), applied after the
/// step so every agent sees the counts as they were at its start. Nothing is allocated per step.
/// </summary>
internal sealed class ManagedEpidemicKernels(int? maxDegreeOfParallelism = null) : IEpidemicKernels
{
    private const int Chunk = 16_384;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
    private int[] _delta = [];

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description;

    public void Bind(EpidemicState state) => _delta = new int[state.Sizes.Length];

    public EpidemicTransitions Step(EpidemicState s)
    {
        int infected = 0, infectious = 0, recovered = 0;
        int chunks = (s.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, _parallel, () => (0, 0, 0), (c, _, t) =>
        {
            int end = Math.Min(s.Count, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                var was = (HealthState)s.State[i];
                if (was == HealthState.Recovered) continue;
                float lambda = 0f;
                if (was == HealthState.Susceptible)
                    for (int l = 0; l < s.Layers; l++)
                    {
                        int g = s.Groups[l * s.Count + i];
                        if (g >= 0) lambda += EpidemicRules.Pressure(s.Beta[l], s.Infectious[g], s.Sizes[g]);
                    }
                var next = EpidemicRules.Next(was, lambda, s.StepDays, s.LatentEnd, s.Recovery, s.HasLatent,
                    CounterRandom.Uniform32(s.Seed, i, s.Step, CounterRandom.InfectionStream));
                if (next == was) continue;
                s.State[i] = (byte)next;
                if (was == HealthState.Susceptible) t.Item1++;
                if (next == HealthState.Infectious) { t.Item2++; AddToGroups(s, i, 1); }
                if (was == HealthState.Infectious) { t.Item3++; AddToGroups(s, i, -1); }
            }
            return t;
        }, t =>
        {
            Interlocked.Add(ref infected, t.Item1);
            Interlocked.Add(ref infectious, t.Item2);
            Interlocked.Add(ref recovered, t.Item3);
        });
        var counts = s.Infectious;
        for (int g = 0; g < counts.Length; g++)
        {
            counts[g] += _delta[g];
            _delta[g] = 0;
        }
        s.Step++;
        return new EpidemicTransitions(infected, infectious, recovered);
    }

    public void Read(EpidemicState state) { }

    public void Dispose() { }

    private void AddToGroups(EpidemicState s, int agent, int change)
    {
        for (int l = 0; l < s.Layers; l++)
        {
            int g = s.Groups[l * s.Count + agent];
            if (g >= 0) Interlocked.Add(ref _delta[g], change);
        }
    }
}
