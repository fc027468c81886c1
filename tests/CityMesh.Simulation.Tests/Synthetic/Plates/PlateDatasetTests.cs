using CityMesh.Simulation;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Imaging;
using CityMesh.Simulation.Synthetic.Plates.Labels;
using CityMesh.Simulation.Synthetic.Plates.Manifest;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"plates-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void A_run_writes_images_labels_texts_and_manifest_and_one_image_regenerates_exactly()
    {
        var options = new PlateSynthesisOptions { Count = 12, Width = 192, Height = 64 };
        var first = Path.Combine(_root, "first");
        var reports = new List<SynthesisProgress>();
        SynthesisSummary summary;
        using (var renderer = new ManagedPlateRenderer())
            summary = PlateDataset.Generate(options, 99, first, renderer, new InlineProgress<SynthesisProgress>(reports.Add));

        Assert.Equal(12, summary.Figures["images"]);
        Assert.True(summary.Figures["imagesPerSecond"] > 0);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(first, "images"), "*.png").Length);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(first, "labels"), "*.txt").Length);
        var texts = File.ReadAllLines(Path.Combine(first, PlateDataset.TextsFileName));
        Assert.Equal(12, texts.Length);
        Assert.Empty(Directory.GetFiles(first, "*.partial", SearchOption.AllDirectories));
        Assert.Equal(PlateCharacterClasses.Names, File.ReadAllLines(Path.Combine(first, "classes.txt")));
        Assert.Contains("nc: 38", File.ReadAllText(Path.Combine(first, "data.yaml")));

        var manifest = PlateManifest.Read(Path.Combine(first, PlateManifest.FileName));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), manifest.Select(l => l.Index));
        int characters = 0;
        foreach (var line in manifest)
        {
            Assert.Equal("managed", line.Backend);
            Assert.Equal(99UL, line.RunSeed);
            var name = PlateDataset.ImageName(line.Index);
            Assert.Equal($"images/{name}.png", line.Image);
            Assert.Equal($"{line.Image}\t{line.Text}", texts[line.Index]);
            var template = PlateTemplates.Shipped.Single(t => t.Id == line.Template);
            Assert.True(PlateTextPattern.Matches(template, line.Text));
            var labels = File.ReadAllLines(Path.Combine(first, "labels", name + ".txt")).Select(YoloBox.Parse).ToList();
            Assert.Equal(PlateLabels.Compute(line.Scene, 192, 64).Select(b => b.ToString()), labels.Select(b => b.ToString()));
            Assert.Equal(0, labels[0].Class);
            // Every character of the text that was not pushed out of the frame is labelled, in order.
            var classes = labels.Skip(1).Select(b => PlateCharacterClasses.Characters[b.Class - 1]).ToList();
            Assert.True(classes.Count <= line.Text.Replace(" ", "").Length);
            characters += classes.Count;
            var image = PngReader.Read(Path.Combine(first, line.Image));
            Assert.Equal((192, 64), (image.Width, image.Height));
        }
        Assert.Equal(characters, summary.Figures["characters"]);

        // options.json + seed + first index → the same bytes.
        var again = Path.Combine(_root, "again");
        var saved = SynthesisOptionsJson.Read<PlateSynthesisOptions>(Path.Combine(first, "options.json")) with { Count = 1 };
        using (var renderer = new ManagedPlateRenderer())
            PlateDataset.Generate(saved, 99, 7, again, renderer);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "images", "00000007.png")), File.ReadAllBytes(Path.Combine(again, "images", "00000007.png")));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "labels", "00000007.txt")), File.ReadAllText(Path.Combine(again, "labels", "00000007.txt")));
        Assert.Equal(File.ReadLines(Path.Combine(first, PlateManifest.FileName)).ElementAt(7), File.ReadLines(Path.Combine(again, PlateManifest.FileName)).Single());
    }

    [Fact]
    public void Bad_options_are_refused_with_every_field_named()
    {
        var options = new PlateSynthesisOptions { Width = 4, Camera = new() { Yaw = new(5, -5) } };
        using var renderer = new ManagedPlateRenderer();
        var e = Assert.Throws<ArgumentException>(() => PlateDataset.Generate(options, 1, _root, renderer));
        Assert.Contains("width:", e.Message);
        Assert.Contains("camera.yaw:", e.Message);
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void A_cancelled_run_leaves_an_empty_manifest_and_no_partial_files()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var renderer = new ManagedPlateRenderer();
        Assert.ThrowsAny<OperationCanceledException>(() => PlateDataset.Generate(new PlateSynthesisOptions { Count = 5 }, 1, _root, renderer, ct: cts.Token));
        Assert.Equal("", File.ReadAllText(Path.Combine(_root, PlateManifest.FileName)));
        Assert.Empty(Directory.GetFiles(_root, "*.partial", SearchOption.AllDirectories));
    }
}
