using System.CommandLine;
using CityMesh.Limits;
using CityMesh.Compute;
using CityMesh.Simulation;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Imaging;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Synthetic.Plates.Templates;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary><c>citymesh synth ...</c>: synthetic training data.</summary>
public static class SynthCommand
{
    private const int SheetImages = 40, SheetColumns = 4;

    public static Command Create()
    {
        return new Command("synth", "Synthetic training data: licence-plate images and labelled sensor series") { Plates(), SynthTelemetryCommand.Create() };
    }

    private static Command Plates()
    {
        var count = new Option<int?>("--count") { Description = "Images to generate (default: the options file's count, else 1000)" };
        var output = new Option<string>("--out") { Description = "Directory for images/, labels/, texts.tsv, manifest.jsonl, options.json, classes.txt, data.yaml", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Run seed; image i's seed mixes it with i", DefaultValueFactory = _ => 1 };
        var first = new Option<long>("--first") { Description = "Index of the first image (regenerate image I with --first I --count 1)", DefaultValueFactory = _ => 0 };
        var optionsFile = new Option<string?>("--options") { Description = "Options file, JSON or YAML (a dataset's options.json works)" };
        var template = new Option<string[]>("--template") { Description = "Template id to draw from (repeatable; default all): tw-private, eu-de, us-ca or a --template-file's" };
        var templateFile = new Option<string[]>("--template-file") { Description = "Extra template JSON file (repeatable)" };
        var width = new Option<int?>("--width") { Description = "Image width in pixels (default 320)" };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (default 96)" };
        var backend = new Option<string?>("--backend") { Description = $"auto, cuda, opencl, managed or ilgpu-cpu (default: ${ComputeSelector.Variable}, else auto)" };
        backend.AcceptOnlyFromAmong([.. ComputeSelector.AcceptedValues]);
        var sheet = new Option<string?>("--contact-sheet") { Description = $"Also write a PNG tiling the first {SheetImages} images" };
        var plates = new Command("plates", "Licence-plate images with YOLO labels, texts and a manifest that can redraw any image")
        {
            count, output, seed, first, optionsFile, template, templateFile, width, height, backend, sheet,
        };
        plates.SetAction((result, ct) =>
        {
            var options = Options(result.GetValue(optionsFile), result.GetValue(count), result.GetValue(width), result.GetValue(height),
                result.GetValue(template), result.GetValue(templateFile));
            long firstIndex = result.GetValue(first);
            if (firstIndex < 0) throw new UsageException($"--first is {firstIndex}; it must be a non-negative image index");
            ComputeSelection selection;
            try
            {
                selection = result.GetValue(backend) is { } kind ? ComputeSelector.Select(kind) : ComputeSelector.FromEnvironment();
            }
            catch (ComputeSelectionException e)
            {
                throw new UsageException(e.Message);
            }
            var directory = Path.GetFullPath(result.GetValue(output)!);
            using var renderer = PlateRenderers.Create(selection);
            var backendText = PlateRenderers.Describe(renderer, selection);
            ulong runSeed = result.GetValue(seed);
            AnsiConsole.MarkupLineInterpolated($"[bold]{options.Count:N0}[/] plate images {options.Width}×{options.Height} from {string.Join(", ", options.ResolveTemplates().Select(t => t.Id))}, seed {runSeed}, first {firstIndex}");
            AnsiConsole.MarkupLineInterpolated($"backend: {renderer.Backend}: {backendText} ({selection.Reason})");
            var summary = AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("starting", maxValue: 1);
                    var s = PlateDataset.Generate(options, runSeed, firstIndex, directory, renderer, new InlineProgress<SynthesisProgress>(p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = p.Stage;
                    }), ct);
                    task.Value = 1;
                    return s;
                });
            AnsiConsole.MarkupLineInterpolated($"{summary.Description}; {backendText}");
            AnsiConsole.MarkupLineInterpolated($"dataset in [blue]{directory}[/]");
            if (result.GetValue(sheet) is { } sheetPath)
            {
                var images = Enumerable.Range(0, Math.Min(SheetImages, options.Count))
                    .Select(i => PngReader.Read(Path.Combine(directory, "images", PlateDataset.ImageName(firstIndex + i) + ".png"))).ToList();
                PlateContactSheet.Write(images, SheetColumns, sheetPath);
                AnsiConsole.MarkupLineInterpolated($"contact sheet [blue]{Path.GetFullPath(sheetPath)}[/]");
            }
            return Task.FromResult(0);
        });
        return plates;
    }

    /// <summary>The options file (or the defaults) with the command line's settings over it, checked; a bad one is a usage error naming the field.</summary>
    internal static PlateSynthesisOptions Options(string? file, int? count, int? width, int? height, string[]? templates, string[]? templateFiles)
    {
        var options = file is null ? new PlateSynthesisOptions() : SynthOptionsFile.Load<PlateSynthesisOptions>(file);
        if (count is { } c) options = options with { Count = c };
        if (width is { } w) options = options with { Width = w };
        if (height is { } h) options = options with { Height = h };
        if (templates is { Length: > 0 }) options = options with { Templates = templates };
        if (templateFiles is { Length: > 0 })
        {
            try
            {
                options = options with { CustomTemplates = [.. options.CustomTemplates, .. templateFiles.Select(f => PlateTemplates.LoadFile(
                    SynthOptionsFile.Checked(f, "--template-file", InputLimits.Default.InputFileBytes, nameof(InputLimits.InputFileBytes))))] };
            }
            catch (PlateTemplateException e)
            {
                throw new UsageException($"--template-file {e.Message}");
            }
        }
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new UsageException("the plate options cannot run: " + string.Join("; ", errors.Select(e => e.ToString())));
        return options;
    }
}
