namespace CityMesh.Simulation.Flood;

/// <summary>Where the cells are updated: managed (<see cref="ManagedFloodKernels"/>) or an ILGPU accelerator.</summary>
internal interface IFloodKernels : IDisposable
{
    /// <summary>Where they run, for logs and results.</summary>
    string Description { get; }

    /// <summary>Takes the state over (the device copies it once).</summary>
    void Bind(FloodState state);

    /// <summary>The largest wave speed over the cells now, for the first step's Courant condition.</summary>
    double MaxWaveSpeed();

    /// <summary>
    /// Advances every cell by <paramref name="dt"/> from <paramref name="time"/> (fluxes, rain of
    /// <paramref name="rainDepth"/> metres on the rain mask, friction, the output rasters), then applies the point
    /// sources at <see cref="FloodState.SourceRate"/> in order, filling <see cref="FloodState.SourceVolume"/>.
    /// Returns the largest wave speed over the cells after the flux update and over the source cells after their
    /// sources: the next step's Courant condition.
    /// </summary>
    double Step(FloodState state, double dt, double time, double rainDepth);

    /// <summary>The depths of <paramref name="cells"/> now, into <paramref name="depths"/>.</summary>
    void ReadDepths(int[] cells, double[] depths);

    /// <summary>Brings the cells, the output rasters and the edge outflows back into <paramref name="state"/>.</summary>
    void Read(FloodState state);
}
