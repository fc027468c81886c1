using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CityMesh.Cli.Commands;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Solar;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Cli.Bench;

/// <param name="Buildings">Buildings in the generated city.</param>
/// <param name="StepMinutes">Minutes between the year's sun positions (60: hourly).</param>
/// <param name="Runs">Measured runs per backend: the median is reported, and the best.</param>
/// <param name="CpuAcceleratorBuildings">Buildings in the small city the ILGPU CPU accelerator (a test target) runs.</param>
public sealed record SolarBenchmarkOptions(int Buildings = 10_000, int StepMinutes = 60, int Runs = 3, int CpuAcceleratorBuildings = 400);

/// <summary>
/// <c>citymesh bench solar</c>: roofs × sun positions per second of the rooftop solar sums (a ray to the sun through
/// the building grid, the plane-of-array irradiance and the PV power, for every roof sample and every sun above the
/// horizon) on every backend here: managed, every GPU ILGPU finds, and ILGPU's CPU accelerator on a small city. The
/// city is generated (seeded): blocks of 6–40 m footprints, 4–40 m tall (a few towers to 80 m), a third pitched, at
/// Helsinki (60.17 N) with its year of suns. Beside each, the memory bound: a plain copy of the arrays the sums read
/// and write, on the same memory, measured in the same run.
/// </summary>
public sealed class SolarBenchmark(SolarBenchmarkOptions options, TextWriter output)
{
    private const double Latitude = 60.17, Longitude = 24.94;
    private static readonly TimeSpan UtcOffset = TimeSpan.FromHours(2);

    /// <summary>The <c>bench solar</c> command (one line in <see cref="BenchCommand"/>'s list).</summary>
    public static Command Command()
    {
        var buildings = new Option<int>("--buildings") { Description = "Buildings in the generated city", DefaultValueFactory = _ => 10_000 };
        var step = new Option<int>("--step-minutes") { Description = "Minutes between sun positions over the year (60: hourly)", DefaultValueFactory = _ => 60 };
        var runs = new Option<int>("--runs") { Description = "Measured runs per backend (the median is reported, and the best)", DefaultValueFactory = _ => 3 };
        var small = new Option<int>("--cpu-accelerator-buildings") { Description = "Buildings in the small city ILGPU's CPU accelerator runs (0 skips it)", DefaultValueFactory = _ => 400 };
        var command = new Command("solar", "Rooftop solar potential: roofs × sun positions per second on every backend (managed, each GPU, ILGPU's CPU accelerator on a small city), beside a plain copy of the arrays the sums read and write")
        {
            buildings, step, runs, small,
        };
        command.SetAction((result, ct) =>
        {
            var o = new SolarBenchmarkOptions(result.GetValue(buildings), result.GetValue(step), result.GetValue(runs), result.GetValue(small));
            if (o.Buildings is < 1 or > 2_000_000) throw new UsageException("--buildings must be between 1 and 2,000,000");
            if (o.StepMinutes is < 1 or > 180 || 1440 % o.StepMinutes != 0) throw new UsageException("--step-minutes must divide a day and be between 1 and 180");
            if (o.Runs < 1) throw new UsageException("--runs must be at least 1");
            if (o.CpuAcceleratorBuildings is < 0 or > 100_000) throw new UsageException("--cpu-accelerator-buildings must be between 0 and 100,000");
            new SolarBenchmark(o, Console.Out).Run(ct);
            return Task.FromResult(0);
        });
        return command;
    }

    public void Run(CancellationToken ct)
    {
        var solar = new SolarOptions { StepMinutes = options.StepMinutes };
        var suns = SunTable.For(2025, Latitude, Longitude, UtcOffset, solar);
        var city = City(options.Buildings, seed: 2025);
        output.WriteLine($"citymesh bench solar: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {city.Length:N0} buildings at {Latitude} N, " +
                         $"{suns.Count:N0} sun positions above the horizon in 2025 (every {options.StepMinutes} min); the median (and best) of {options.Runs} runs after one warm-up");
        // A warm-up assessment tells the samples a roof gets (and lets the JIT and ILGPU compile).
        var warm = RoofSolar.Assess(city, suns, solar, device: null);
        long bytes = SceneBytes(city.Length, warm.Samples, suns.Count);
        double hostCopy = CopySeconds(bytes);
        output.WriteLine($"{warm.Samples:N0} roof sample points; the sums read {bytes / 1e6:F1} MB of arrays (buildings, grid, samples, suns) and write " +
                         $"{OutputBytes(warm.Samples, suns.Count) / 1e6:F1} MB; a plain copy of those bytes over the cores: {hostCopy * 1e3:F2} ms");
        ct.ThrowIfCancellationRequested();
        Measure("managed", city, suns, solar, device: null, options.Runs, hostCopy, ct);
        foreach (var device in IlgpuRuntime.Devices().Where(d => d.IsGpu))
            Measure(device.Description, city, suns, solar, device, options.Runs, DeviceCopySeconds(device, bytes), ct);
        if (options.CpuAcceleratorBuildings > 0)
        {
            var cpu = ComputeSelector.Select(ComputeBackendKind.IlgpuCpu).Device!;
            var smallCity = City(options.CpuAcceleratorBuildings, seed: 2025);
            output.WriteLine($"  small city for the CPU accelerator: {smallCity.Length:N0} buildings; managed on it first, then ILGPU's CPU accelerator (a test target)");
            Measure("managed", smallCity, suns, solar, device: null, 1, hostCopy, ct);
            Measure(cpu.Description + " (test target)", smallCity, suns, solar, cpu, 1, hostCopy, ct);
        }
    }

    private void Measure(string name, RoofFootprint[] city, SunTable suns, SolarOptions solar, ComputeDevice? device, int runs, double copySeconds, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _ = RoofSolar.Assess(city, suns, solar, device); // warm-up: the JIT's optimised code, ILGPU's kernel compile
        var kernel = new double[runs];
        var whole = new double[runs];
        SolarAssessment? last = null;
        for (int run = 0; run < runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            last = RoofSolar.Assess(city, suns, solar, device);
            kernel[run] = last.KernelSeconds;
            whole[run] = last.SumsSeconds;
        }
        Array.Sort(kernel);
        Array.Sort(whole);
        double seconds = kernel[runs / 2], roofPairs = (double)city.Length * suns.Count, samplePairs = last!.Pairs;
        string label = device is null ? $"managed ({ManagedCompute.Current.Description})" : name;
        string best = runs > 1 ? $" (best {roofPairs / kernel[0]:N0})" : "";
        output.WriteLine($"  {label,-62} {roofPairs / seconds,14:N0} roofs × suns/s{best}; {samplePairs / seconds,14:N0} sample × sun pairs/s; " +
                         $"{seconds:F3} s the sums, {whole[runs / 2]:F3} s with copies; the copy bound is {copySeconds * 1e3:F2} ms, " +
                         $"{seconds / copySeconds:N0}× its time (the rays are compute- and latency-bound; the scene stays in cache)");
    }

    /// <summary>Bytes of the arrays the sums read: ~64 B a building (box, height, grid entry), 32 B a vertex pair, 40 B a sample, 76 B a sun.</summary>
    private static long SceneBytes(int buildings, int samples, int suns) =>
        buildings * (4L * 4 + 4 + 4 + 4 * 4 * 2) + buildings * 5L * 8 + samples * (3L * 4 + 4 + 3 * 8) + suns * (3L * 4 + 8 * 8);

    /// <summary>Bytes written: per (sample, block of 256 suns), two doubles and two ints.</summary>
    private static long OutputBytes(int samples, int suns) => samples * (long)((suns + 255) / 256) * 24;

    /// <summary>A plain copy of <paramref name="bytes"/> over the cores, the median of five after one that maps the pages.</summary>
    private static double CopySeconds(long bytes)
    {
        var from = new byte[bytes];
        var to = new byte[bytes];
        Array.Fill(from, (byte)1);
        int parts = Environment.ProcessorCount;
        return Median(() => Parallel.For(0, parts, part =>
        {
            long start = bytes * part / parts, end = bytes * (part + 1) / parts;
            Array.Copy(from, start, to, start, end - start);
        }));
    }

    /// <summary>On a GPU, device memory to device memory, the same bytes.</summary>
    private static double DeviceCopySeconds(ComputeDevice device, long bytes)
    {
        var accelerator = IlgpuRuntime.Accelerator(device);
        using var stream = accelerator.CreateStream();
        using var from = accelerator.Allocate1D<byte>(bytes);
        using var to = accelerator.Allocate1D<byte>(bytes);
        from.View.MemSet(stream, 1);
        return Median(() =>
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

    /// <summary>
    /// A seeded city of <paramref name="count"/> buildings on 25 m plots in a square: rectangles and L-shapes of 6–40 m,
    /// turned a little from the street grid, 4–40 m tall with one in fifty a tower to 80 m, one in three pitched.
    /// </summary>
    public static RoofFootprint[] City(int count, int seed)
    {
        var random = new Random(seed);
        int side = (int)Math.Ceiling(Math.Sqrt(count));
        var city = new RoofFootprint[count];
        for (int i = 0; i < count; i++)
        {
            double cx = i % side * 25.0, cy = i / side * 25.0;
            double w = 6 + random.NextDouble() * 16, d = 6 + random.NextDouble() * 10, angle = (random.NextDouble() - 0.5) * 0.6;
            double height = random.Next(50) == 0 ? 40 + random.NextDouble() * 40 : 4 + random.NextDouble() * 36;
            (double X, double Y)[] shape = random.Next(4) == 0
                ? [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, 0), (0, 0), (0, d / 2), (-w / 2, d / 2)]
                : [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2)];
            var x = shape.Select(p => cx + p.X * Math.Cos(angle) - p.Y * Math.Sin(angle)).ToArray();
            var y = shape.Select(p => cy + p.X * Math.Sin(angle) + p.Y * Math.Cos(angle)).ToArray();
            var kind = random.Next(3) == 0 ? RoofKind.Pitched : RoofKind.Flat;
            city[i] = new RoofFootprint("b" + i.ToString(CultureInfo.InvariantCulture), x, y, height, kind);
        }
        return city;
    }
}
