using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Flood;

namespace CityMesh.Cli.Bench;

/// <param name="Sides">Square grids to run, cells a side.</param>
/// <param name="Steps">Steps per measured run.</param>
/// <param name="Runs">Measured runs per backend and grid: the median is reported, and the best (on a shared machine
/// the spread is wide).</param>
public sealed record FloodBenchmarkOptions(IReadOnlyList<int> Sides, int Steps, int Runs = 3);

/// <summary>
/// <c>citymesh bench flood</c>: cell-updates/s of the shallow-water engine on a wet, uneven grid (a lake over bumps
/// and a step, a dam break in its west quarter, buildings, Manning 0.03) on every backend here: managed (in the widest
/// SIMD lanes the CPU has), every GPU ILGPU finds, and ILGPU's CPU accelerator (a test target, ~1e5 cell-updates/s, so
/// only on grids up to <see cref="CpuAcceleratorCells"/> cells and for <see cref="CpuAcceleratorSteps"/> steps). Beside
/// each, the bytes a step moves against a plain copy of arrays of the same types and sizes on the same memory (the
/// host's; a GPU's own), measured in the same run.
/// </summary>
public sealed partial class FloodBenchmark(FloodBenchmarkOptions options, TextWriter output)
{
    /// <summary>What a step reads a cell: h, hu, hv, bed and Manning (double), the blocked and rain flags (byte), three float rasters.</summary>
    public const int BytesRead = 5 * 8 + 2 * 1 + 3 * 4;

    /// <summary>What it writes: the next h, hu, hv and the rasters.</summary>
    public const int BytesWritten = 3 * 8 + 3 * 4;

    /// <summary>What the engine holds a cell: h, hu, hv twice (this step's and the next), bed, Manning, flags, rasters.</summary>
    public const int BytesHeld = 6 * 8 + 2 * 8 + 2 * 1 + 3 * 4;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);

    private const long CpuAcceleratorCells = 1_000_000;
    private const int CpuAcceleratorSteps = 2;

    public void Run(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench flood: {Environment.ProcessorCount} cores, .NET {Environment.Version}; the median (and best) of {options.Runs} " +
                         $"runs of {options.Steps} steps after {WarmUp.TotalSeconds:0.#} s of warm-up, first-order HLL with hydrostatic reconstruction, double precision");
        output.WriteLine($"a step moves {BytesRead + BytesWritten} B a cell: reads {BytesRead} (h, hu, hv, bed, Manning; blocked and rain flags; " +
                         $"max depth, max speed, arrival rasters), writes {BytesWritten} (h, hu, hv, the rasters); the engine holds {BytesHeld} B a cell");
        double cpuAcceleratorRate = 0;
        foreach (int side in options.Sides)
        {
            ct.ThrowIfCancellationRequested();
            var (grid, depth) = Ground(side);
            long cells = grid.Count;
            var hostCopy = CopySeconds(cells);
            output.WriteLine($"{side:N0} × {side:N0} = {cells:N0} cells ({BytesHeld * cells / 1e9:F2} GB held; {BytesRead * cells / 1e6:N0} MB read and " +
                             $"{BytesWritten * cells / 1e6:N0} MB written a step): a plain copy of the {BytesRead * cells / 1e6:N0} MB of arrays a step reads, " +
                             $"over the cores, {hostCopy * 1e3:F1} ms, {CopyBandwidth(cells, hostCopy) / 1e9:F1} GB/s read + written");
            var flood = new FloodOptions { Seconds = 1e9 };
            Measure("managed", () => new FloodSimulation(grid, flood, depth), options.Runs, options.Steps, cells, hostCopy, ct);
            foreach (var device in IlgpuRuntime.Devices().Where(d => d.IsGpu))
                Measure(device.Description, () => new FloodSimulation(grid, flood, depth, device), options.Runs, options.Steps, cells, DeviceCopySeconds(device, cells), ct);
            var cpu = ComputeSelector.Select(ComputeBackendKind.IlgpuCpu).Device!;
            if (cells <= CpuAcceleratorCells)
                cpuAcceleratorRate = Measure(cpu.Description + " (test target)", () => new FloodSimulation(grid, flood, depth, cpu), 1, CpuAcceleratorSteps, cells, hostCopy, ct);
            else
                output.WriteLine($"  {cpu.Description} skipped above {CpuAcceleratorCells:N0} cells" +
                                 (cpuAcceleratorRate > 0 ? $": at {cpuAcceleratorRate:N0} cell-updates/s a step would take {cells / cpuAcceleratorRate:N0} s" : ""));
        }
    }

    /// <summary>
    /// One backend's line: cell-updates/s over <paramref name="runs"/> runs of <paramref name="steps"/> steps after the
    /// warm-up (median, and the best), and the bandwidth the median is.
    /// </summary>
    private double Measure(string name, Func<FloodSimulation> make, int runs, int steps, long cells, double copySeconds, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var sim = make();
        // Warm-up, not counted: the first step compiles the kernels, and the JIT needs about a second of steps to replace
        // its first code for the managed loops with optimised code.
        var warm = Stopwatch.StartNew();
        do sim.Step();
        while (warm.Elapsed < WarmUp);
        var rates = new double[runs];
        for (int run = 0; run < runs; run++)
        {
            var before = sim.Result;
            for (int step = 0; step < steps; step++)
            {
                ct.ThrowIfCancellationRequested();
                sim.Step();
            }
            var after = sim.Result;
            rates[run] = (after.CellUpdates - before.CellUpdates) / (after.WallSeconds - before.WallSeconds);
        }
        Array.Sort(rates);
        double rate = rates[runs / 2], perStep = cells / rate, moved = (double)(BytesRead + BytesWritten) * cells / perStep;
        string label = name == "managed" ? $"managed ({sim.Backend})" : name;
        string best = runs > 1 ? $" (best {rates[^1]:N0})" : "";
        output.WriteLine($"  {label,-64} {rate,14:N0} cell-updates/s{best}: {perStep * 1e3:F1} ms a step, {moved / 1e9:F1} GB/s moved, " +
                         $"{moved / CopyBandwidth(cells, copySeconds):P0} of the copy's");
        return rate;
    }

    /// <summary>Bytes read and written a second by the plain copy of the read arrays.</summary>
    private static double CopyBandwidth(long cells, double seconds) => 2.0 * BytesRead * cells / seconds;

    /// <summary>Everything wet but the bumps' tops, so every face does the full Riemann solve.</summary>
    private static (FloodGrid Grid, double[] Depth) Ground(int side)
    {
        int count = side * side;
        var bed = new double[count];
        var blocked = new bool[count];
        var depth = new double[count];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
            {
                int i = y * side + x;
                double bx = (x % 100) - 50, by = (y % 100) - 50;
                bed[i] = 1.2 * Math.Exp(-(bx * bx + by * by) / 200.0) + (x > side * 3 / 4 ? 0.3 : 0.0);
                blocked[i] = x % 50 >= 20 && x % 50 < 24 && y % 50 >= 10 && y % 50 < 14;
                depth[i] = blocked[i] ? 0.0 : Math.Max(0.0, 1.0 - bed[i]) + (x < side / 4 ? 2.0 : 0.0);
            }
        var grid = new FloodGrid(side, side, 1.0, bed, Enumerable.Repeat(0.03, count).ToArray()) { Blocked = blocked };
        return (grid, depth);
    }
}
