using System.Collections.Concurrent;
using System.Diagnostics;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// The managed path, the CPU fallback and the oracle of the ILGPU kernel: blocks of snapshots over the cores, each
/// snapshot solved by <see cref="FeederSweepRules"/> in its own slice of the snapshot-major arrays. Nothing is
/// allocated per snapshot or per sweep (the current scratch is made once per batch size). Not in SIMD lanes across
/// snapshots: they converge after different numbers of sweeps and stop where they fail, and keeping the one code path
/// the kernel runs is what makes the agreement exact.
/// </summary>
internal sealed class ManagedFeederSweepKernels(FeederArrays feeder, int? maxDegreeOfParallelism = null) : IFeederSweepKernels
{
    // Snapshots per work item: a 33-bus snapshot is ~10 µs, so a delegate call per snapshot would show.
    private const int SnapshotsPerBlock = 16;

    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
    private double[] _drawnRe = [], _drawnIm = [];

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description;

    public bool BusMajor => false;

    public double KernelSeconds { get; private set; }

    public void Run(SweepBatch batch, PowerFlowOptions options)
    {
        if (batch.BusMajor) throw new ArgumentException("the managed path takes snapshot-major batches", nameof(batch));
        if (_drawnRe.Length < batch.E.Length) (_drawnRe, _drawnIm) = (new double[batch.E.Length], new double[batch.E.Length]);
        long start = Stopwatch.GetTimestamp();
        var arrays = new FeederSweepArrays(feeder, batch, _drawnRe, _drawnIm, options);
        Parallel.ForEach(Partitioner.Create(0, batch.Snapshots, SnapshotsPerBlock), _parallel, range =>
        {
            for (int s = range.Item1; s < range.Item2; s++) FeederSweepRules.Solve(arrays, s);
        });
        KernelSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public void Dispose()
    {
    }
}
