using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.PowerFlow.Batch;
using CityMesh.Simulation.Energy.Synthetic;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Cli.Bench;

/// <summary>
/// The batched sweep (<see cref="BatchedPowerFlow"/>) on every backend here: the first case over a year of hours and
/// a generated feeder over a day of quarter hours, each against the sequential sweep (interval after interval through
/// one solver) and a copy bound measured in the same run; ILGPU's CPU accelerator, a test target, on a tiny batch only.
/// </summary>
public sealed partial class PowerFlowBenchmark
{
    private void MeasureBatches(PowerGrid firstCase, CancellationToken ct)
    {
        output.WriteLine();
        output.WriteLine("batched sweep: every snapshot at once, one thread per snapshot (managed: blocks of 16 snapshots over the cores; a GPU: one launch); " +
                         $"TimeSeriesPowerFlow.Run would use {ComputeSelector.FromEnvironment()}");
        output.WriteLine($"{"batch",-26}{"backend",-57}{"iter/snap",10}{"snapshots/s",13}{"snap×bus/s",14}{"sweeps s",10}{"whole s",9}{"copy s",9}{"of bound",10}");
        var workloads = new List<(string Name, PowerGrid Grid, LoadProfile Profile)>();
        if (options.Snapshots > 0) workloads.Add(($"{firstCase.Name} × {options.Snapshots:N0} h", firstCase, LoadProfile.Uniform(firstCase.Buses.Count, Year(options.Snapshots))));
        if (options.BatchFeederBuses > 0 && options.BatchIntervals > 0)
        {
            var feeder = new RadialFeeder(options.BatchFeederBuses).Build();
            workloads.Add(($"{feeder.Name} × {options.BatchIntervals:N0} × 15 min", feeder, QuarterHours(feeder.Buses.Count, options.BatchIntervals)));
        }
        var gpus = IlgpuRuntime.Devices().Where(d => d.IsGpu).ToList();
        foreach (var (name, grid, profile) in workloads)
        {
            ct.ThrowIfCancellationRequested();
            var solver = new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.BackwardForwardSweep));
            MeasureSequential(name, solver, profile);
            MeasureBatch(name, solver, profile, device: null, options.Runs);
            foreach (var gpu in gpus) MeasureBatch(name, solver, profile, gpu, options.Runs);
        }
        if (gpus.Count == 0) output.WriteLine("  no CUDA or OpenCL GPU that ILGPU can drive here: no GPU row");
        if (options.CpuAcceleratorSnapshots > 0)
        {
            ct.ThrowIfCancellationRequested();
            var solver = new PowerFlowSolver(firstCase, new PowerFlowOptions(PowerFlowMethod.BackwardForwardSweep));
            var tiny = LoadProfile.Uniform(firstCase.Buses.Count, Year(options.CpuAcceleratorSnapshots));
            string name = $"{firstCase.Name} × {options.CpuAcceleratorSnapshots:N0} h (tiny)";
            MeasureBatch(name, solver, tiny, device: null, options.Runs);
            MeasureBatch(name, solver, tiny, ComputeSelector.Select(ComputeBackendKind.IlgpuCpu).Device, options.Runs);
        }
        output.WriteLine("snap×bus/s: snapshots × buses solved per second, whole (injections in, sweeps, voltages, losses and lowest voltage out). " +
                         "copy s: the bytes the sweeps stream (6 doubles a bus per sweep: injections, voltages, currents; Σ sweeps of all snapshots) " +
                         "copied once at the memory's bandwidth (host memory over the cores for managed, device to device for a GPU; " +
                         "for the sequential rows, the single sweep's iteration bytes per sweep on one core, as above); of bound: copy s over sweeps s.");
    }

    private void MeasureSequential(string name, PowerFlowSolver solver, LoadProfile profile)
    {
        var first = TimeSeriesPowerFlow.RunSequential(solver, profile);
        double best = double.PositiveInfinity;
        for (int r = 0; r < options.Runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            TimeSeriesPowerFlow.RunSequential(solver, profile);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        long sweeps = first.Iterations.Sum();
        double copy = sweeps * CopySeconds(solver.IterationBytes);
        Row(name, "sequential sweep (one core, warm starts)", sweeps, profile, best, best, copy);
    }

    private void MeasureBatch(string name, PowerFlowSolver solver, LoadProfile profile, ComputeDevice? device, int runs)
    {
        using var batched = new BatchedPowerFlow(solver, device);
        var first = batched.Solve(profile); // warms the JIT and, on a device, ILGPU's compile
        if (!first.AllConverged) throw new InvalidOperationException(first.Failures[0].ToException().Message);
        double whole = double.PositiveInfinity, sweepsSeconds = double.PositiveInfinity;
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            var result = batched.Solve(profile);
            whole = Math.Min(whole, Stopwatch.GetElapsedTime(start).TotalSeconds);
            sweepsSeconds = Math.Min(sweepsSeconds, result.KernelSeconds);
        }
        long sweeps = first.Series.Iterations.Sum();
        long bytes = sweeps * batched.SnapshotIterationBytes;
        double copy = device is null ? ParallelCopySeconds(bytes) : DeviceCopySeconds(device, bytes);
        Row(name, $"batched, {batched.Description}", sweeps, profile, sweepsSeconds, whole, copy);
    }

    private void Row(string name, string backend, long sweeps, LoadProfile profile, double sweepsSeconds, double wholeSeconds, double copySeconds)
    {
        double rate = profile.Intervals / wholeSeconds;
        output.WriteLine($"{name,-26}{backend,-57}{(double)sweeps / profile.Intervals,10:0.00}{rate,13:N0}{rate * profile.Buses,14:N0}{sweepsSeconds,10:0.0000}{wholeSeconds,9:0.0000}" +
                         $"{copySeconds,9:0.0000}{copySeconds / sweepsSeconds,10:P1}");
    }

    /// <summary>A day of quarter hours, each bus's load scattered ±20 % around the day's shape (seeded).</summary>
    private static LoadProfile QuarterHours(int buses, int intervals)
    {
        var random = new Random(96);
        var day = Year((intervals + 3) / 4);
        var scale = new double[intervals * buses];
        for (int t = 0; t < intervals; t++)
            for (int bus = 0; bus < buses; bus++) scale[t * buses + bus] = day[t / 4] * (0.8 + 0.4 * random.NextDouble());
        return new LoadProfile(intervals, buses, scale);
    }

    /// <summary>
    /// Seconds to copy <paramref name="bytes"/> over the cores at memory bandwidth: a buffer of 16 to 64 MB (beyond the
    /// caches, and large enough that starting the parallel copy does not count) copied in parallel, the median of five
    /// after one that maps the pages, scaled to the bytes.
    /// </summary>
    private static double ParallelCopySeconds(long bytes)
    {
        long size = Math.Clamp(bytes, 16L << 20, 64L << 20);
        var from = new byte[size];
        var to = new byte[size];
        Array.Fill(from, (byte)1);
        int parts = Environment.ProcessorCount;
        return bytes / (double)size * Median(() => Parallel.For(0, parts, part =>
        {
            long start = size * part / parts, end = size * (part + 1) / parts;
            Array.Copy(from, start, to, start, end - start);
        }));
    }

    /// <summary>On a GPU, device memory to device memory, likewise scaled.</summary>
    private static double DeviceCopySeconds(ComputeDevice device, long bytes)
    {
        long size = Math.Clamp(bytes, 64L << 20, 256L << 20);
        var accelerator = IlgpuRuntime.Accelerator(device);
        using var stream = accelerator.CreateStream();
        using var from = accelerator.Allocate1D<byte>(size);
        using var to = accelerator.Allocate1D<byte>(size);
        from.View.MemSet(stream, 1);
        return bytes / (double)size * Median(() =>
        {
            from.View.CopyTo(stream, to.View);
            stream.Synchronize();
        });
    }

    private static double Median(Action copy)
    {
        copy();
        var times = new double[5];
        for (int run = 0; run < times.Length; run++)
        {
            long start = Stopwatch.GetTimestamp();
            copy();
            times[run] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
