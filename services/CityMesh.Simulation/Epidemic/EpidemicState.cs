namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// The run's arrays, structure-of-arrays: each agent's state and groups, each group's size and infectious members
/// (as at the start of the step: changes collect in <see cref="Delta"/> and are applied after it), and the step's
/// transitions. The kernels own the truth while they run; <see cref="IEpidemicKernels.Read"/> brings it here.
/// </summary>
internal sealed class EpidemicState
{
    public EpidemicState(Population population, EpidemicOptions options)
    {
        Count = population.Count;
        Layers = population.Layers.Count;
        State = new byte[Count];
        Groups = population.FlatGroups();
        Beta = population.Layers.Select(l => (float)l.Beta).ToArray();
        Sizes = population.GroupSize;
        Infectious = new int[Sizes.Length];
        Seed = options.Seed;
        StepDays = (float)options.StepDays;
        LatentEnd = options.LatentEndChance;
        Recovery = options.RecoveryChance;
        HasLatent = options.LatentDays > 0;
    }

    public int Count { get; }
    public int Layers { get; }
    public byte[] State { get; }
    /// <summary>[layer · Count + agent]: the agent's group (an index into Sizes), −1 for none.</summary>
    public int[] Groups { get; }
    public float[] Beta { get; }
    public int[] Sizes { get; }
    /// <summary>Infectious members per group at the start of the step.</summary>
    public int[] Infectious { get; }
    public ulong Seed { get; }
    public float StepDays { get; }
    public float LatentEnd { get; }
    public float Recovery { get; }
    public bool HasLatent { get; }
    public long Step { get; set; }

    /// <summary>Puts <paramref name="agent"/> in <paramref name="state"/> before the run (the initial infections).</summary>
    public void Seat(int agent, HealthState state)
    {
        if ((HealthState)State[agent] == HealthState.Infectious) ForGroups(agent, g => Infectious[g]--);
        State[agent] = (byte)state;
        if (state == HealthState.Infectious) ForGroups(agent, g => Infectious[g]++);
    }

    private void ForGroups(int agent, Action<int> action)
    {
        for (int l = 0; l < Layers; l++)
        {
            int g = Groups[l * Count + agent];
            if (g >= 0) action(g);
        }
    }
}

/// <summary>What one step changed: new infections, agents that became infectious, recoveries.</summary>
public readonly record struct EpidemicTransitions(int Infected, int BecameInfectious, int Recovered);
