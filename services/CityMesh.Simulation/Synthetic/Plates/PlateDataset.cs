using System.Diagnostics;
using System.Globalization;
using System.Text;
using CityMesh.Simulation.Synthetic.Plates.Imaging;
using CityMesh.Simulation.Synthetic.Plates.Labels;
using CityMesh.Simulation.Synthetic.Plates.Manifest;
using CityMesh.Simulation.Synthetic.Plates.Rendering;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// Writes a plate dataset: <c>images/NAME.png</c>, YOLO <c>labels/NAME.txt</c>, the registrations in
/// <c>texts.tsv</c> (<c>images/NAME.png</c>, a tab, the text: the line format text-recognition trainers read),
/// <c>manifest.jsonl</c> (one line per image, <see cref="PlateManifestLine"/>), <c>options.json</c>,
/// <c>classes.txt</c> and <c>data.yaml</c>. NAME is the image index, eight digits or more. Image i depends only on
/// the options, the seed and i, so <c>first</c> and <c>count</c> pick any slice of a run. Files appear whole (written
/// aside, then renamed) and an image's lines in texts.tsv and the manifest are appended only after its files, so a
/// cancelled run leaves complete files and lists that name only those. Two files per image, not three: creating a
/// file costs more than writing it on many file systems.
/// </summary>
public static class PlateDataset
{
    private const int MaxBatch = 256;
    private const long BatchBytes = 64L << 20;

    public const string TextsFileName = "texts.tsv";

    public static string ImageName(long index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static SynthesisSummary Generate(PlateSynthesisOptions options, ulong seed, string directory, IPlateRenderer renderer,
        IProgress<SynthesisProgress>? progress = null, CancellationToken ct = default) =>
        Generate(options, seed, 0, directory, renderer, progress, ct);

    /// <param name="first">Index of the first image; images first … first + options.Count − 1 are written.</param>
    public static SynthesisSummary Generate(PlateSynthesisOptions options, ulong seed, long first, string directory, IPlateRenderer renderer,
        IProgress<SynthesisProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(renderer);
        var errors = options.Validate().ToList();
        if (first < 0 || first > long.MaxValue - options.Count) errors.Add(new("first", $"is {first}; it must be a non-negative image index"));
        if (errors.Count > 0) throw new ArgumentException("plate synthesis options: " + string.Join("; ", errors));

        var clock = Stopwatch.StartNew();
        var sampler = new PlateSceneSampler(options);
        int width = options.Width, height = options.Height, imageBytes = width * height * 3;
        int batch = (int)Math.Clamp(BatchBytes / imageBytes, 1, MaxBatch);
        foreach (var sub in new[] { "images", "labels" }) Directory.CreateDirectory(Path.Combine(directory, sub));
        WriteWhole(Path.Combine(directory, "options.json"), Encoding.UTF8.GetBytes(SynthesisOptionsJson.Serialize(options)));
        YoloDatasetFiles.Write(directory);

        // Two sets of batch buffers: while batch k is encoded and written, batch k + 1 is sampled and rendered.
        var samples = new[] { new PlateSample[batch], new PlateSample[batch] };
        var scenes = new[] { new PlateScene[batch], new PlateScene[batch] };
        var rgb = new[] { new byte[(long)batch * imageBytes], new byte[(long)batch * imageBytes] };
        var lines = new string[batch];
        var texts = new string[batch];
        var characters = new int[batch];
        long written = 0, totalCharacters = 0;
        using var manifest = new StreamWriter(new FileStream(Path.Combine(directory, PlateManifest.FileName), FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        using var textList = new StreamWriter(new FileStream(Path.Combine(directory, TextsFileName), FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));

        void Draw(int set, long from, int n)
        {
            var setSamples = samples[set];
            var setScenes = scenes[set];
            long start = first + from;
            Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
            {
                setSamples[i] = sampler.Sample(seed, start + i);
                setScenes[i] = setSamples[i].Scene;
            });
            progress?.Report(new(from / (double)options.Count, $"rendering {from + n:N0} of {options.Count:N0}"));
            renderer.Render(setScenes.AsSpan(0, n), width, height, rgb[set].AsSpan(0, n * imageBytes));
        }

        int current = 0;
        if (options.Count > 0) Draw(current, 0, (int)Math.Min(batch, options.Count));
        while (written < options.Count)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(batch, options.Count - written);
            long next = written + n;
            int nextCount = (int)Math.Min(batch, options.Count - next);
            var ahead = nextCount > 0 ? Task.Run(() => Draw(1 - current, next, nextCount), ct) : Task.CompletedTask;
            try
            {
                var setSamples = samples[current];
                var pixels = rgb[current];
                Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var sample = setSamples[i];
                    string name = ImageName(sample.Index);
                    var boxes = PlateLabels.Compute(sample.Scene, width, height);
                    characters[i] = boxes.Count(b => b.Class != PlateCharacterClasses.Plate);
                    WriteWhole(Path.Combine(directory, "images", name + ".png"), PngWriter.Encode(pixels.AsSpan(i * imageBytes, imageBytes), width, height));
                    WriteWhole(Path.Combine(directory, "labels", name + ".txt"), Encoding.UTF8.GetBytes(string.Concat(boxes.Select(b => b + "\n"))));
                    texts[i] = $"images/{name}.png\t{sample.Text}\n";
                    lines[i] = PlateManifest.Serialize(PlateManifestLine.From(sample, $"images/{name}.png", seed, renderer.Backend));
                });
                for (int i = 0; i < n; i++)
                {
                    manifest.Write(lines[i]);
                    manifest.Write('\n');
                    textList.Write(texts[i]);
                    totalCharacters += characters[i];
                }
                textList.Flush();
                manifest.Flush();
                written += n;
                progress?.Report(new(written / (double)options.Count, $"wrote {written:N0} of {options.Count:N0}"));
            }
            catch
            {
                // The batch ahead uses the renderer and the other buffers: let it finish before leaving, whatever it did.
                try { ahead.Wait(CancellationToken.None); } catch (Exception) { }
                throw;
            }
            ahead.GetAwaiter().GetResult();
            current = 1 - current;
        }
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var figures = new Dictionary<string, double>
        {
            ["images"] = written,
            ["characters"] = totalCharacters,
            ["imagesPerSecond"] = written / seconds,
            ["seconds"] = seconds,
        };
        return new SynthesisSummary(figures, Path.GetFullPath(directory),
            string.Create(CultureInfo.InvariantCulture, $"{written:N0} plate images ({totalCharacters:N0} labelled characters) in {seconds:F1} s, {written / seconds:N0} images/s, backend {renderer.Backend}"));
    }

    /// <summary>Writes beside the target and renames, so a reader (or a cancelled run) never sees half a file.</summary>
    private static void WriteWhole(string path, byte[] bytes)
    {
        string partial = path + ".partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
    }
}
