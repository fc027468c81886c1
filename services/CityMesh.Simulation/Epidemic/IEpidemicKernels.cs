namespace CityMesh.Simulation.Epidemic;

/// <summary>Where the agents are updated: managed (<see cref="ManagedEpidemicKernels"/>) or an ILGPU accelerator.</summary>
internal interface IEpidemicKernels : IDisposable
{
    /// <summary>Where they run, for logs and results.</summary>
    string Description { get; }

    /// <summary>Takes the state over (the device copies it once).</summary>
    void Bind(EpidemicState state);

    /// <summary>
    /// Advances every agent one step with the layers' rates in <see cref="EpidemicState.Beta"/>, then the groups'
    /// infectious counts; adds the step's moves into <paramref name="moves"/> (<see cref="Moves"/>) and, where the
    /// population has hospitals, each hospital's change in ward and ICU occupancy into <paramref name="beds"/>
    /// ([hospital · 2] ward, [hospital · 2 + 1] ICU).
    /// </summary>
    void Step(EpidemicState state, int[] moves, int[] beds);

    /// <summary>Immunises susceptible agents with their age band's chance (coverage × efficacy) in <paramref name="chanceByBand"/>.</summary>
    void Vaccinate(EpidemicState state, float[] chanceByBand, int[] moves);

    /// <summary>Brings the agents' states and the group counts back into <paramref name="state"/>.</summary>
    void Read(EpidemicState state);
}
