using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Imaging;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;

namespace CityMesh.Cli.Bench;

/// <param name="Images">Images per measured rendering run.</param>
/// <param name="Batch">Scenes per Render call.</param>
/// <param name="EndToEnd">Images per dataset run (PNG, labels, manifest); 0 skips it.</param>
public sealed record SynthBenchmarkOptions(int Images, int Batch, int EndToEnd, ulong Seed);

/// <summary>
/// <c>citymesh bench synth</c>: licence-plate images/s at the default 320×96 from PlateSceneSampler scenes, for the
/// managed renderer, each GPU ILGPU finds and ILGPU's CPU accelerator (the test target, measured on one small batch:
/// it is ~1,000× slower), rendering only and end to end through PlateDataset, with each figure as a ratio to managed
/// measured in the same run (these machines are shared).
/// </summary>
public sealed class SynthBenchmark(SynthBenchmarkOptions options, TextWriter output)
{
    private const int MeasuredRuns = 3;

    public void Run(CancellationToken ct)
    {
        var synthesis = new PlateSynthesisOptions();
        int width = synthesis.Width, height = synthesis.Height;
        output.WriteLine($"citymesh bench synth: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {width}×{height}, " +
                         $"{options.Images:N0} images per run in batches of {options.Batch}, median of {MeasuredRuns} runs after a warm-up batch");
        var sampler = new PlateSceneSampler(synthesis);
        var scenes = new PlateScene[options.Images];
        Parallel.For(0, scenes.Length, i => scenes[i] = sampler.Sample(options.Seed, i).Scene);

        var backends = new List<(string Name, Func<IPlateRenderer> Make)> { ("managed", () => new ManagedPlateRenderer()) };
        foreach (var device in IlgpuRuntime.Devices().Where(d => d.IsGpu))
            backends.Add((device.Description, () => new IlgpuPlateRenderer(device)));

        double managedRate = 0;
        byte[]? reference = null;
        output.WriteLine("rendering only:");
        foreach (var (name, make) in backends)
        {
            ct.ThrowIfCancellationRequested();
            using var renderer = make();
            var (rate, first) = MeasureRender(renderer, scenes, width, height, ct);
            string agreement = "";
            if (reference is null) { reference = first; managedRate = rate; }
            else
            {
                int worst = 0, differ = 0;
                for (int i = 0; i < reference.Length; i++)
                {
                    int d = Math.Abs(reference[i] - first[i]);
                    if (d > 0) differ++;
                    worst = Math.Max(worst, d);
                }
                agreement = $", {rate / managedRate:F2}× managed; first batch vs managed: {differ:N0} of {reference.Length:N0} samples differ, worst {worst}";
            }
            output.WriteLine($"  {name,-60} {rate,10:N0} images/s{agreement}");
        }
        MeasureCpuAccelerator(scenes, width, height, managedRate, reference!, ct);

        if (options.EndToEnd <= 0) return;
        output.WriteLine($"end to end (PlateDataset: sample, render, PNG, labels, texts, manifest), {options.EndToEnd:N0} images:");
        double managedEnd = 0;
        foreach (var (name, make) in backends)
        {
            ct.ThrowIfCancellationRequested();
            using var renderer = make();
            var directory = Path.Combine(Path.GetTempPath(), $"citymesh-bench-synth-{Environment.ProcessId}");
            try
            {
                PlateDataset.Generate(synthesis with { Count = Math.Min(options.Batch, options.EndToEnd) }, options.Seed, directory, renderer, ct: ct);
                var clock = Stopwatch.StartNew();
                PlateDataset.Generate(synthesis with { Count = options.EndToEnd }, options.Seed, directory, renderer, ct: ct);
                double rate = options.EndToEnd / clock.Elapsed.TotalSeconds;
                if (managedEnd == 0) managedEnd = rate;
                string ratio = name == backends[0].Name ? "" : $", {rate / managedEnd:F2}× managed";
                output.WriteLine($"  {name,-60} {rate,10:N0} images/s{ratio}");
            }
            finally
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }
        MeasureStages(reference!, width, height, ct);
    }

    /// <summary>
    /// The end-to-end stages after rendering, each alone on all cores: PNG encoding, and creating the two files an
    /// image takes (its PNG and its labels, each written aside and renamed) in the temporary directory. File creation
    /// costs very differently from one file system to another, so this says how much of the end-to-end figure is it.
    /// </summary>
    private void MeasureStages(byte[] rendered, int width, int height, CancellationToken ct)
    {
        int imageBytes = width * height * 3, images = rendered.Length / imageBytes, count = Math.Max(options.EndToEnd, images);
        var clock = Stopwatch.StartNew();
        var encoded = new byte[count][];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i =>
            encoded[i] = PngWriter.Encode(rendered.AsSpan(i % images * imageBytes, imageBytes), width, height));
        double pngRate = count / clock.Elapsed.TotalSeconds;

        var directory = Path.Combine(Path.GetTempPath(), $"citymesh-bench-files-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var label = new byte[120];
        try
        {
            clock.Restart();
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                WriteAside(Path.Combine(directory, $"{i}.png"), encoded[i]);
                WriteAside(Path.Combine(directory, $"{i}.txt"), label);
            });
            double fileRate = count / clock.Elapsed.TotalSeconds;
            output.WriteLine("stages alone, all cores:");
            output.WriteLine($"  {"PNG encoding",-60} {pngRate,10:N0} images/s ({encoded.Sum(e => (long)e.Length) / count / 1024.0:F0} KiB each)");
            output.WriteLine($"  {"creating an image's 2 files in " + Path.GetTempPath(),-60} {fileRate,10:N0} images/s");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        static void WriteAside(string path, byte[] bytes)
        {
            File.WriteAllBytes(path + ".partial", bytes);
            File.Move(path + ".partial", path, overwrite: true); // a folder left by a killed run holds the same names
        }
    }

    /// <summary>ILGPU's CPU accelerator on one batch of at most <see cref="CpuAcceleratorImages"/> scenes, once: a test target, not a path to time at length.</summary>
    private void MeasureCpuAccelerator(PlateScene[] scenes, int width, int height, double managedRate, byte[] reference, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var device = ComputeSelector.Select(ComputeBackendKind.IlgpuCpu).Device!;
        using var renderer = new IlgpuPlateRenderer(device);
        int count = Math.Min(CpuAcceleratorImages, Math.Min(options.Batch, scenes.Length));
        var rgb = new byte[(long)count * width * height * 3];
        renderer.Render(scenes.AsSpan(0, count), width, height, rgb); // compiles the kernels
        var clock = Stopwatch.StartNew();
        renderer.Render(scenes.AsSpan(0, count), width, height, rgb);
        double rate = count / clock.Elapsed.TotalSeconds;
        int differ = 0;
        for (int i = 0; i < rgb.Length; i++) if (rgb[i] != reference[i]) differ++;
        output.WriteLine($"  {device.Description + $" (test target, {count} images)",-60} {rate,10:N1} images/s, {rate / managedRate:F5}× managed; " +
                         $"vs managed: {differ:N0} of {rgb.Length:N0} samples differ");
    }

    private const int CpuAcceleratorImages = 16;

    /// <summary>Images/s (median of the measured runs) and the first batch's bytes, to compare backends.</summary>
    private (double Rate, byte[] FirstBatch) MeasureRender(IPlateRenderer renderer, PlateScene[] scenes, int width, int height, CancellationToken ct)
    {
        int batch = Math.Min(options.Batch, scenes.Length);
        var rgb = new byte[(long)batch * width * height * 3];
        renderer.Render(scenes.AsSpan(0, batch), width, height, rgb);
        var first = rgb.ToArray();
        var rates = new double[MeasuredRuns];
        for (int run = 0; run < MeasuredRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            for (int start = 0; start < scenes.Length; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                int n = Math.Min(batch, scenes.Length - start);
                renderer.Render(scenes.AsSpan(start, n), width, height, rgb.AsSpan(0, n * width * height * 3));
            }
            rates[run] = scenes.Length / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return (rates[MeasuredRuns / 2], first);
    }
}
