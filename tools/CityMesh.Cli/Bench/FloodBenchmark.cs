using System.Diagnostics;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Flood;

namespace CityMesh.Cli.Bench;

/// <param name="Sides">Square grids to run, cells a side.</param>
/// <param name="Steps">Steps per measured run.</param>
public sealed record FloodBenchmarkOptions(IReadOnlyList<int> Sides, int Steps);

/// <summary>
/// <c>citymesh bench flood</c>: cell-updates/s of the shallow-water engine on a wet, uneven grid (a lake over bumps
/// and a step, a dam break in its west quarter, buildings, Manning 0.03), on the managed path and every GPU ILGPU
/// finds, beside a plain copy of the arrays a step reads (state, bed, Manning, flags, output rasters), measured in
/// the same run.
/// </summary>
public sealed class FloodBenchmark(FloodBenchmarkOptions options, TextWriter output)
{
    private const int CopyRuns = 5;

    /// <summary>Bytes a cell's step reads: h, hu, hv, bed, Manning (8 each), blocked and rain flags, three float rasters.</summary>
    private const int BytesPerCell = 5 * 8 + 2 + 3 * 4;

    public void Run(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench flood: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {options.Steps} steps per run, " +
                         "first-order HLL with hydrostatic reconstruction, double precision");
        foreach (int side in options.Sides)
        {
            ct.ThrowIfCancellationRequested();
            var (grid, depth) = Ground(side);
            long cells = grid.Count;
            double copySeconds = CopySeconds(grid.Count);
            output.WriteLine($"{side:N0} × {side:N0} cells: a plain copy of the {cells * BytesPerCell / 1e6:N0} MB a step reads: " +
                             $"{copySeconds * 1e3:F1} ms ({2.0 * cells * BytesPerCell / copySeconds / 1e9:F1} GB/s read + written)");
            var flood = new FloodOptions { Seconds = 1e9 };
            var backends = new List<(string Name, Func<FloodSimulation> Make)> { ("managed", () => new FloodSimulation(grid, flood, depth)) };
            foreach (var device in IlgpuRuntime.Devices().Where(d => d.IsGpu))
                backends.Add((device.Description, () => new FloodSimulation(grid, flood, depth, device)));
            double managedRate = 0;
            foreach (var (name, make) in backends)
            {
                ct.ThrowIfCancellationRequested();
                using var sim = make();
                sim.Step(); // the first step compiles and warms; not counted
                var before = sim.Result;
                for (int step = 0; step < options.Steps; step++) sim.Step();
                var after = sim.Result;
                double wall = after.WallSeconds - before.WallSeconds, rate = (after.CellUpdates - before.CellUpdates) / wall;
                double perStep = wall / options.Steps;
                if (managedRate == 0) managedRate = rate;
                string ratio = name == "managed" ? "" : $", {rate / managedRate:F1}× managed";
                output.WriteLine($"  {name,-56} {rate,14:N0} cell-updates/s ({perStep * 1e3:F1} ms a step, {perStep / copySeconds:F1}× the plain copy{ratio}); " +
                                 $"{sim.Seconds:F2} s simulated");
            }
        }
    }

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

    /// <summary>The median time to copy arrays of a step's reads once, over the cores, as a step must at least read them.</summary>
    private static double CopySeconds(int cells)
    {
        long bytes = (long)cells * BytesPerCell;
        var from = new byte[bytes];
        var to = new byte[bytes];
        Array.Fill(from, (byte)1);
        var times = new double[CopyRuns];
        for (int run = 0; run < CopyRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, Environment.ProcessorCount, part =>
            {
                int parts = Environment.ProcessorCount;
                long start = bytes * part / parts, end = bytes * (part + 1) / parts;
                from.AsSpan((int)start, (int)(end - start)).CopyTo(to.AsSpan((int)start));
            });
            times[run] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[CopyRuns / 2];
    }
}
