using System.Diagnostics;
using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.Synthetic;

namespace CityMesh.Cli.Bench;

/// <param name="Files">MATPOWER cases to solve (the Baran &amp; Wu feeders by default).</param>
/// <param name="FeederBuses">Buses of the generated radial feeder (0 skips it).</param>
/// <param name="Snapshots">Hourly load snapshots of the first case solved as one time series (0 skips it).</param>
/// <param name="Runs">Timed runs per measurement: the best is reported (the machines are shared).</param>
/// <param name="BatchFeederBuses">Buses of the generated feeder solved as a batch of quarter hours (0 skips it).</param>
/// <param name="BatchIntervals">Quarter hours of that batch.</param>
/// <param name="CpuAcceleratorSnapshots">Hours of the first case the ILGPU CPU accelerator (a test target) solves as a batch (0 skips it).</param>
public sealed record PowerFlowBenchmarkOptions(
    IReadOnlyList<string> Files, int FeederBuses = 10_000, int Snapshots = 8_760, int Runs = 3, int BatchFeederBuses = 2_000, int BatchIntervals = 96,
    int CpuAcceleratorSnapshots = 24);

/// <summary>
/// <c>citymesh bench powerflow</c>: solves per second by Newton–Raphson and by the backward/forward sweep on MATPOWER
/// cases, on a generated radial feeder and on a year of hourly snapshots through one solver, interval after interval
/// and as one batch on every backend here (PowerFlowBenchmark.Batch.cs); beside each, the bound a
/// plain copy sets: copying the bytes one iteration streams (<see cref="PowerFlowSolver.IterationBytes"/>), once per
/// iteration the solve took, on one core as the solver runs, timed in the same run.
/// </summary>
public sealed partial class PowerFlowBenchmark(PowerFlowBenchmarkOptions options, TextWriter output)
{
    private static readonly PowerFlowMethod[] Methods = [PowerFlowMethod.NewtonRaphson, PowerFlowMethod.BackwardForwardSweep];

    // Long enough per timed run that the clock's resolution and one stray interruption do not count.
    private static readonly TimeSpan RunLength = TimeSpan.FromMilliseconds(300);

    public int Run(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench powerflow: {Environment.ProcessorCount} cores, .NET {Environment.Version}; one core; best of {options.Runs} runs of at least {RunLength.TotalMilliseconds:0} ms; " +
                         "a solve is Solve() from the case's start with its result (voltages, branch flows, losses)");
        output.WriteLine($"{"grid",-14}{"method",-24}{"buses",8}{"iter",6}{"solves/s",12}{"µs/solve",11}{"copy bound/s",14}{"of bound",10}{"loss kW",11}{"lowest V",10}");
        var grids = options.Files.Select(f => MatpowerReader.Read(f)).ToList();
        if (options.FeederBuses > 0) grids.Add(new RadialFeeder(options.FeederBuses).Build());
        foreach (var grid in grids)
            foreach (var method in Methods)
            {
                ct.ThrowIfCancellationRequested();
                MeasureSolves(grid, method);
            }
        if (options.Snapshots > 0 && grids.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{"time series",-14}{"method",-24}{"snapshots",10}{"iter/snap",11}{"snapshots/s",13}{"µs/snap",10}{"copy bound/s",14}{"of bound",10}{"peak loss kW",14}");
            foreach (var method in Methods)
            {
                ct.ThrowIfCancellationRequested();
                MeasureSeries(grids[0], method);
            }
        }
        if (grids.Count > 0) MeasureBatches(grids[0], ct);
        output.WriteLine("copy bound: the iteration's bytes copied once per iteration (Array.Copy, one core), measured in this run; of bound: solves/s over that bound.");
        return 0;
    }

    private void MeasureSolves(PowerGrid grid, PowerFlowMethod method)
    {
        var solver = new PowerFlowSolver(grid, new PowerFlowOptions(method));
        var first = solver.Solve(); // warms the JIT; its figures are the ones printed
        double best = 0;
        for (int r = 0; r < options.Runs; r++)
        {
            long start = Stopwatch.GetTimestamp(), solves = 0;
            do
            {
                solver.Solve();
                solves++;
            } while (Stopwatch.GetElapsedTime(start) < RunLength);
            best = Math.Max(best, solves / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        double bound = 1 / (first.Convergence.Iterations * CopySeconds(solver.IterationBytes));
        output.WriteLine($"{grid.Name,-14}{method.Describe(),-24}{grid.Buses.Count,8:N0}{first.Convergence.Iterations,6}{best,12:N0}{1e6 / best,11:0.0}{bound,14:N0}{best / bound,10:P1}" +
                         $"{first.TotalLossKw,11:0.00}{first.LowestVm,10:0.00000}");
    }

    private void MeasureSeries(PowerGrid grid, PowerFlowMethod method)
    {
        var solver = new PowerFlowSolver(grid, new PowerFlowOptions(method));
        var profile = LoadProfile.Uniform(grid.Buses.Count, Year(options.Snapshots));
        var first = TimeSeriesPowerFlow.RunSequential(solver, profile);
        double best = double.PositiveInfinity;
        for (int r = 0; r < options.Runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            TimeSeriesPowerFlow.RunSequential(solver, profile);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        long iterations = first.Iterations.Sum();
        double bound = options.Snapshots / (iterations * CopySeconds(solver.IterationBytes));
        double rate = options.Snapshots / best;
        output.WriteLine($"{grid.Name,-14}{method.Describe(),-24}{options.Snapshots,10:N0}{(double)iterations / options.Snapshots,11:0.00}{rate,13:N0}{1e6 / rate,10:0.0}{bound,14:N0}{rate / bound,10:P1}" +
                         $"{first.LossKw.Max(),14:0.00}");
    }

    /// <summary>Hourly load multipliers: a working day's shape (night trough, evening peak) under a winter-high season.</summary>
    private static double[] Year(int hours)
    {
        var curve = new double[hours];
        for (int h = 0; h < hours; h++)
        {
            double hourOfDay = h % 24, day = h / 24.0;
            double daily = 0.7 + 0.25 * Math.Sin((hourOfDay - 9) / 24 * 2 * Math.PI) + 0.15 * Math.Exp(-Math.Pow(hourOfDay - 19, 2) / 4);
            double seasonal = 1 + 0.15 * Math.Cos(day / 365 * 2 * Math.PI);
            curve[h] = daily * seasonal;
        }
        return curve;
    }

    /// <summary>Seconds to copy this many bytes once, on one core: the median of repeated copies of a warm buffer.</summary>
    private static double CopySeconds(long bytes)
    {
        var from = new byte[bytes];
        var to = new byte[bytes];
        Array.Fill(from, (byte)1);
        Array.Copy(from, to, bytes); // maps the destination's pages
        // Small working sets are copied many times per timing so the clock's resolution does not count.
        int repeat = (int)Math.Clamp((1 << 24) / Math.Max(bytes, 1), 1, 100_000);
        var times = new double[7];
        for (int run = 0; run < times.Length; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < repeat; k++) Array.Copy(from, to, bytes);
            times[run] = Stopwatch.GetElapsedTime(start).TotalSeconds / repeat;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
