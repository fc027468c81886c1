using ILGPU;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch.Gpu;

/// <summary>
/// The batched sweep on ILGPU: one thread per snapshot, running <see cref="FeederSweepRules"/> (the managed path's
/// code) from the start to its own outcome in one launch, so a snapshot that converges early or fails stops alone and
/// the others go on. No atomics and no shared state between threads: each writes only its snapshot's slots.
/// </summary>
internal static class FeederSweepKernels
{
    public static void Solve(Index1D index, FeederSweepViews v)
    {
        int s = index;
        if (s >= v.SnapshotCount) return;
        FeederSweepRules.Solve(v, s);
    }
}
