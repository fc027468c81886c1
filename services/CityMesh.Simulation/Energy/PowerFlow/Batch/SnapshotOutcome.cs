namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>How one snapshot of a batch ended; the codes are what the kernels write (an int per snapshot).</summary>
public enum SnapshotOutcome
{
    /// <summary>No bus's ΔP or ΔQ beyond the tolerance.</summary>
    Converged = 0,

    /// <summary>Still beyond the tolerance after the sweep limit.</summary>
    NotConverged = 1,

    /// <summary>The mismatch grew beyond 1e6 pu or became NaN.</summary>
    Diverged = 2,

    /// <summary>A bus's voltage fell below 1e-3 pu in a forward sweep.</summary>
    VoltageCollapsed = 3,
}
