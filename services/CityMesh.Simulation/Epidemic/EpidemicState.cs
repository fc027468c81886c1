namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The run's arrays, structure-of-arrays: each agent's state, age band and groups, each group's size and infectious
/// members (as at the start of the step: changes collect in a delta applied after it), each layer's rate today, and
/// the severity table. The kernels own the truth while they run; <see cref="IEpidemicKernels.Read"/> brings it here.
/// </summary>
internal sealed class EpidemicState
{
    /// <summary>States an agent can be in (<see cref="HealthState"/>), for the per-step moves into and out of each.</summary>
    public const int States = 7;

    public EpidemicState(Population population, EpidemicOptions options)
    {
        Count = population.Count;
        Layers = population.Layers.Count;
        State = new byte[Count];
        AgeBand = population.AgeBand;
        Groups = population.FlatGroups();
        Beta = population.Layers.Select(l => (float)l.Beta).ToArray();
        Sizes = population.GroupSize;
        Infectious = new int[Sizes.Length];
        Severity = options.Severity.Table();
        Seed = options.Seed;
        StepDays = (float)options.StepDays;
        Chances = options.Chances;
        HasLatent = options.LatentDays > 0;
        Hospitals = population.Hospitals;
        HospitalOf = population.HospitalOf ?? [];
    }

    public int Count { get; }
    public int Layers { get; }
    public byte[] State { get; }
    public byte[] AgeBand { get; }
    /// <summary>[layer · Count + agent]: the agent's group (an index into Sizes), −1 for none.</summary>
    public int[] Groups { get; }
    /// <summary>Each layer's transmission rate today (interventions scale the population's).</summary>
    public float[] Beta { get; }
    public int[] Sizes { get; }
    /// <summary>Infectious members per group at the start of the step.</summary>
    public int[] Infectious { get; }
    /// <summary><see cref="Epidemic.Severity.Table"/>: [admitted…, critical…, dying…] by age band.</summary>
    public float[] Severity { get; }
    public ulong Seed { get; }
    public float StepDays { get; }
    public Chances Chances { get; }
    public bool HasLatent { get; }
    public long Step { get; set; }
    /// <summary>Hospitals whose beds are counted; 0 when the population has none (then <see cref="HospitalOf"/> is empty).</summary>
    public int Hospitals { get; }
    /// <summary>Each agent's hospital.</summary>
    public int[] HospitalOf { get; }

    /// <summary>Slots per hospital in a step's occupancy changes: [hospital · 2] ward, [hospital · 2 + 1] ICU.</summary>
    public const int BedKinds = 2;

    /// <summary>Puts <paramref name="agent"/> in <paramref name="state"/> before the run (the initial infections).</summary>
    public void Seat(int agent, HealthState state)
    {
        int change = ((HealthState)State[agent] == HealthState.Infectious ? -1 : 0) + (state == HealthState.Infectious ? 1 : 0);
        State[agent] = (byte)state;
        for (int l = 0; l < Layers && change != 0; l++)
        {
            int g = Groups[l * Count + agent];
            if (g >= 0) Infectious[g] += change;
        }
    }
}

/// <summary>
/// What one step changed, as the kernels count it: agents moved into each <see cref="HealthState"/> (slots 0–6), out
/// of each (7–13), and infected (14; the rest of those leaving Susceptible were immunised).
/// </summary>
internal static class Moves
{
    public const int Slots = 2 * EpidemicState.States + 1;
    public const int OutOf = EpidemicState.States;
    public const int Infected = 2 * EpidemicState.States;
}
