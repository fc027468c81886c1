namespace CityMesh.Simulation.Epidemic;

/// <summary>Where the agents are updated: managed (<see cref="ManagedEpidemicKernels"/>) or an ILGPU accelerator.</summary>
internal interface IEpidemicKernels : IDisposable
{
    /// <summary>Where they run, for logs and results.</summary>
    string Description { get; }

    /// <summary>Takes the state over (the device copies it once).</summary>
    void Bind(EpidemicState state);

    /// <summary>Advances every agent one step, then the groups' infectious counts; returns the step's transitions.</summary>
    EpidemicTransitions Step(EpidemicState state);

    /// <summary>Brings the agents' states and the group counts back into <paramref name="state"/>.</summary>
    void Read(EpidemicState state);
}
