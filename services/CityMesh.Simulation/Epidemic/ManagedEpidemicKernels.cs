using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The managed path: the CPU fallback and the oracle of the ILGPU kernel. Agents in chunks over the cores; a
/// transition adds to its groups' deltas (Interlocked: integers, so the order does not matter), applied after the
/// step so every agent sees the counts as they were at its start. Nothing is allocated per step but one small tally
/// per chunk.
/// </summary>
internal sealed class ManagedEpidemicKernels(int? maxDegreeOfParallelism = null) : IEpidemicKernels
{
    private const int Chunk = 16_384;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
    private int[] _delta = [];

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description;

    public void Bind(EpidemicState state) => _delta = new int[state.Sizes.Length];

    public void Step(EpidemicState s, int[] moves, int[] beds)
    {
        int chunks = (s.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, _parallel, () => new int[Moves.Slots], (c, _, tally) =>
        {
            int end = Math.Min(s.Count, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                var was = (HealthState)s.State[i];
                if (was is HealthState.Recovered or HealthState.Dead) continue;
                float lambda = 0f;
                if (was == HealthState.Susceptible)
                    for (int l = 0; l < s.Layers; l++)
                    {
                        int g = s.Groups[l * s.Count + i];
                        if (g >= 0) lambda += EpidemicRules.Pressure(s.Beta[l], s.Infectious[g], s.Sizes[g]);
                    }
                int band = s.AgeBand[i];
                var next = EpidemicRules.Next(was, lambda, s.StepDays, s.Chances, s.HasLatent,
                    CounterRandom.Uniform32(s.Seed, i, s.Step, CounterRandom.InfectionStream),
                    CounterRandom.Uniform32(s.Seed, i, s.Step, CounterRandom.OutcomeStream),
                    s.Severity[band], s.Severity[Severity.Bands + band], s.Severity[2 * Severity.Bands + band]);
                if (next == was) continue;
                s.State[i] = (byte)next;
                Count(tally, was, next);
                if (s.Hospitals > 0) CountBeds(beds, s.HospitalOf[i], was, next);
                if (next == HealthState.Infectious) AddToGroups(s, i, 1);
                if (was == HealthState.Infectious) AddToGroups(s, i, -1);
            }
            return tally;
        }, tally => Add(moves, tally));
        var counts = s.Infectious;
        for (int g = 0; g < counts.Length; g++)
        {
            counts[g] += _delta[g];
            _delta[g] = 0;
        }
        s.Step++;
    }

    public void Vaccinate(EpidemicState s, float[] chanceByBand, int[] moves)
    {
        int chunks = (s.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, _parallel, () => new int[Moves.Slots], (c, _, tally) =>
        {
            int end = Math.Min(s.Count, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                if (!EpidemicRules.Immunised((HealthState)s.State[i], CounterRandom.Uniform32(s.Seed, i, s.Step, CounterRandom.VaccinationStream), chanceByBand[s.AgeBand[i]])) continue;
                s.State[i] = (byte)HealthState.Recovered;
                Count(tally, HealthState.Susceptible, HealthState.Recovered);
            }
            return tally;
        }, tally => Add(moves, tally));
    }

    public void Read(EpidemicState state) { }

    public void Dispose() { }

    private static void Count(int[] tally, HealthState was, HealthState next)
    {
        tally[(int)next]++;
        tally[Moves.OutOf + (int)was]++;
        if (was == HealthState.Susceptible && next != HealthState.Recovered) tally[Moves.Infected]++;
    }

    /// <summary>Admissions, transfers and discharges are rare, so a shared array with Interlocked costs little.</summary>
    private static void CountBeds(int[] beds, int hospital, HealthState was, HealthState next)
    {
        int ward = EpidemicRules.WardChange(was, next), icu = EpidemicRules.IcuChange(was, next);
        if (ward != 0) Interlocked.Add(ref beds[hospital * EpidemicState.BedKinds], ward);
        if (icu != 0) Interlocked.Add(ref beds[hospital * EpidemicState.BedKinds + 1], icu);
    }

    private static void Add(int[] moves, int[] tally)
    {
        for (int k = 0; k < tally.Length; k++)
            if (tally[k] != 0) Interlocked.Add(ref moves[k], tally[k]);
    }

    private void AddToGroups(EpidemicState s, int agent, int change)
    {
        for (int l = 0; l < s.Layers; l++)
        {
            int g = s.Groups[l * s.Count + agent];
            if (g >= 0) Interlocked.Add(ref _delta[g], change);
        }
    }
}
