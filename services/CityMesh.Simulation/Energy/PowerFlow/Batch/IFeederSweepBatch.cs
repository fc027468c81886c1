namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// What <see cref="FeederSweepRules"/> reads and writes: the shared feeder (<see cref="FeederArrays"/>) and each
/// snapshot's vectors at a slot the implementation lays out. Implemented over arrays by the managed path and over
/// ArrayViews by the kernel, so both run the same arithmetic; only <see cref="Slot"/> differs (see
/// <see cref="SweepBatch"/> for why).
/// </summary>
internal interface IFeederSweepBatch
{
    int Buses { get; }

    int Slack { get; }

    int MaxSweeps { get; }

    double Tolerance { get; }

    /// <summary>The bus at position <paramref name="at"/> of the tree's order (the slack first, each bus after its parent).</summary>
    int OrderAt(int at);

    int ParentOf(int bus);

    /// <summary>Entry <paramref name="k"/> (0..7: A, B, C, D, real then imaginary) of the bus's parent branch in chain form.</summary>
    double Chain(int bus, int k);

    double ShuntG(int bus);

    double ShuntB(int bus);

    int RowStart(int row);

    int Column(int entry);

    double G(int entry);

    double B(int entry);

    double StartE(int bus);

    double StartF(int bus);

    /// <summary>Where a bus's value of a snapshot lives in the per-snapshot arrays.</summary>
    int Slot(int bus, int snapshot);

    /// <summary>Specified injection (generation minus load, PV as negative load), per unit.</summary>
    double PSpec(int slot);

    double QSpec(int slot);

    double E(int slot);

    double F(int slot);

    void SetVoltage(int slot, double e, double f);

    double DrawnRe(int slot);

    double DrawnIm(int slot);

    void SetDrawn(int slot, double re, double im);

    /// <summary>Records how the snapshot ended (<see cref="SnapshotOutcome"/> as an int), at which sweep, the mismatch and its bus index.</summary>
    void Finish(int snapshot, int outcome, int iterations, double mismatch, int bus);
}
