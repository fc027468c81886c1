namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// Where a batch of sweeps of one feeder runs: managed (<see cref="ManagedFeederSweepKernels"/>) or an ILGPU
/// accelerator (<see cref="Gpu.IlgpuFeederSweepKernels"/>). Bound to one feeder when made; each run solves a batch.
/// </summary>
internal interface IFeederSweepKernels : IDisposable
{
    /// <summary>Where they run, for logs and results.</summary>
    string Description { get; }

    /// <summary>The layout the backend wants its batches in (see <see cref="SweepBatch"/>).</summary>
    bool BusMajor { get; }

    /// <summary>Seconds the last run spent computing (for an ILGPU device, the kernel alone, without the copies).</summary>
    double KernelSeconds { get; }

    /// <summary>Solves every snapshot of <paramref name="batch"/> from the feeder's start, filling its outputs.</summary>
    void Run(SweepBatch batch, PowerFlowOptions options);
}
