namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// One batch's per-snapshot vectors on the host, structure of arrays: the specified injections going in, the solved
/// voltages (rectangular, pu) and each snapshot's outcome, sweeps, largest mismatch and its bus index coming out.
/// <para>
/// Layout, chosen by the backend that runs it. On a GPU, bus-major (<c>[bus * Snapshots + snapshot]</c>): a thread
/// per snapshot, and every thread walks the same tree in the same order, so the 32 threads of a warp read bus i of 32
/// consecutive snapshots at once: one contiguous 256-byte run per double array, fully coalesced. Snapshot-major would
/// put them Buses × 8 bytes apart, a 32-byte sector fetched for every 8 bytes used. The tree, the two-ports and Y are
/// the same address for the whole warp (a broadcast from cache). On a CPU core, which solves one snapshot after
/// another, snapshot-major (<c>[snapshot * Buses + bus]</c>): a snapshot's vectors are a few contiguous cache lines
/// (the 33-bus feeder's voltages are 528 bytes), where bus-major would touch a line per bus. The arithmetic is the same
/// either way (<see cref="FeederSweepRules"/>); only the slot differs.
/// </para>
/// </summary>
internal sealed class SweepBatch
{
    public SweepBatch(int snapshots, int buses, bool busMajor)
    {
        if ((long)snapshots * buses > Array.MaxLength)
            throw new ArgumentException($"{snapshots:N0} snapshots of {buses:N0} buses is more values than one array holds; split the batch");
        (Snapshots, Buses, BusMajor) = (snapshots, buses, busMajor);
        int values = snapshots * buses;
        (PSpec, QSpec, E, F) = (new double[values], new double[values], new double[values], new double[values]);
        (Outcome, Iterations, MismatchBus, Mismatch) = (new int[snapshots], new int[snapshots], new int[snapshots], new double[snapshots]);
    }

    public int Snapshots { get; }

    public int Buses { get; }

    public bool BusMajor { get; }

    public double[] PSpec { get; }

    public double[] QSpec { get; }

    public double[] E { get; }

    public double[] F { get; }

    /// <summary>Per snapshot, a <see cref="SnapshotOutcome"/> code.</summary>
    public int[] Outcome { get; }

    public int[] Iterations { get; }

    /// <summary>Per snapshot, the bus index of the largest mismatch (or of the collapsed voltage).</summary>
    public int[] MismatchBus { get; }

    public double[] Mismatch { get; }

    public int Slot(int bus, int snapshot) => BusMajor ? bus * Snapshots + snapshot : snapshot * Buses + bus;
}
