using System.Globalization;
using System.Text.Json;

namespace CityMesh.EndToEnd.Tests;

/// <summary><c>citymesh synth plates|telemetry</c> and <c>eval anomalies</c> as a user runs them: the real process, its exit code and files.</summary>
public sealed class CitymeshSynthTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-synth-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static Task<(int Code, string Output)> CitymeshAsync(params string[] arguments) => CitymeshProcess.RunAsync(arguments, TimeSpan.FromMinutes(3));

    [Fact]
    public async Task Plates_are_written_complete_and_one_image_regenerates_exactly_from_the_data_set()
    {
        string set = Path.Combine(_out, "set"), again = Path.Combine(_out, "again");
        var (code, output) = await CitymeshAsync("synth", "plates", "--count", "6", "--seed", "3", "--out", set, "--contact-sheet", Path.Combine(_out, "sheet.png"));

        Assert.True(code == 0, output);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(set, "images"), "*.png").Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(set, "labels"), "*.txt").Length);
        Assert.Equal(6, File.ReadLines(Path.Combine(set, "manifest.jsonl")).Count());
        foreach (var file in new[] { "options.json", "classes.txt", "data.yaml", "texts.tsv", "manifest.jsonl" }) Assert.True(File.Exists(Path.Combine(set, file)), file);
        Assert.True(new FileInfo(Path.Combine(_out, "sheet.png")).Length > 1000);

        (code, output) = await CitymeshAsync("synth", "plates", "--options", Path.Combine(set, "options.json"), "--seed", "3", "--first", "4", "--count", "1", "--out", again);

        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(set, "images", "00000004.png")), File.ReadAllBytes(Path.Combine(again, "images", "00000004.png")));
        Assert.Equal(File.ReadAllText(Path.Combine(set, "labels", "00000004.txt")), File.ReadAllText(Path.Combine(again, "labels", "00000004.txt")));
    }

    [Theory]
    [InlineData("--count", "0", "count")]
    [InlineData("--template", "mars", "mars")]
    [InlineData("--width", "8", "width")]
    public async Task A_bad_plates_setting_is_refused_naming_it(string option, string value, string expected)
    {
        var (code, output) = await CitymeshAsync("synth", "plates", option, value, "--out", Path.Combine(_out, "bad"));

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.False(Directory.Exists(Path.Combine(_out, "bad", "images")) && Directory.EnumerateFiles(Path.Combine(_out, "bad", "images")).Any());
    }

    [Fact]
    public async Task Telemetry_labels_score_a_detector_that_finds_half_of_them_with_one_false_alarm()
    {
        string series = Path.Combine(_out, "series");
        var (code, output) = await CitymeshAsync("synth", "telemetry", "--out", series, "--days", "3", "--sites", "3", "--seed", "5");
        Assert.True(code == 0, output);
        var labels = File.ReadLines(Path.Combine(series, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.True(labels.Length >= 2, $"{labels.Length} anomalies in 3 days of 12 sensors");

        // A detector that alerts 2 minutes into every other anomaly (a label ends at its last sample, so one sample is start = end: the 5-minute tolerance covers it) and once where nothing is wrong.
        var header = File.ReadLines(Path.Combine(series, "labels.csv")).First().Split(',');
        int sensor = Array.IndexOf(header, "sensor_id"), start = Array.IndexOf(header, "start");
        var found = labels.Where((_, i) => i % 2 == 0).ToArray();
        var alerts = found.Select(l => $"{l[sensor]},{DateTimeOffset.Parse(l[start], CultureInfo.InvariantCulture).AddMinutes(2):O}")
            .Append("urn:ngsi-ld:Nowhere:x:1,2025-01-06T01:00:00Z");
        File.WriteAllLines(Path.Combine(_out, "alerts.csv"), ["sensor_id,time", .. alerts]);

        (code, output) = await CitymeshAsync("eval", "anomalies", "--labels", Path.Combine(series, "labels.csv"), "--alerts", Path.Combine(_out, "alerts.csv"),
            "--tolerance", "5m", "--out", Path.Combine(_out, "score.json"));

        Assert.True(code == 0, output);
        using var score = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "score.json")));
        var root = score.RootElement;
        Assert.Equal(labels.Length, root.GetProperty("anomalies").GetInt32());
        Assert.Equal(found.Length, root.GetProperty("detected").GetInt32());
        Assert.Equal(1, root.GetProperty("falsePositives").GetInt32());
        Assert.Equal((double)found.Length / (found.Length + 1), root.GetProperty("precision").GetDouble(), 9);
        Assert.Equal((double)found.Length / labels.Length, root.GetProperty("recall").GetDouble(), 9);
        Assert.Equal(120, root.GetProperty("delay").GetProperty("meanSeconds").GetDouble(), 6);
    }

    [Fact]
    public async Task An_alerts_file_with_a_bad_time_is_refused_naming_line_and_column()
    {
        File.WriteAllLines(Path.Combine(_out, "labels.csv"), ["sensor_id,quantity,kind,start,end,magnitude", "s1,flow,spike,2025-01-06T00:00:00Z,2025-01-06T00:10:00Z,1"]);
        File.WriteAllLines(Path.Combine(_out, "alerts.csv"), ["sensor_id,time", "s1,yesterday"]);

        var (code, output) = await CitymeshAsync("eval", "anomalies", "--labels", Path.Combine(_out, "labels.csv"), "--alerts", Path.Combine(_out, "alerts.csv"));

        Assert.Equal(2, code);
        Assert.Contains("alerts.csv", output);
        Assert.Contains("2", output); // the line
        Assert.Contains("yesterday", output);
    }

    [Fact]
    public async Task Telemetry_options_in_yaml_keep_each_kinds_defaults_and_an_unknown_field_is_named()
    {
        File.WriteAllText(Path.Combine(_out, "leaks.yaml"), "sitesPerKind: 2\nkinds: [water-main]\nanomalies:\n  leak:\n    rate: 20\n");
        string series = Path.Combine(_out, "leaks");
        var (code, output) = await CitymeshAsync("synth", "telemetry", "--options", Path.Combine(_out, "leaks.yaml"), "--out", series, "--days", "7", "--seed", "2");
        Assert.True(code == 0, output);
        var header = File.ReadLines(Path.Combine(series, "labels.csv")).First().Split(',');
        int kind = Array.IndexOf(header, "kind"), start = Array.IndexOf(header, "start"), end = Array.IndexOf(header, "end");
        var leaks = File.ReadLines(Path.Combine(series, "labels.csv")).Skip(1).Select(l => l.Split(',')).Where(l => l[kind] == "leak").ToArray();
        Assert.NotEmpty(leaks);
        // The leak's own 1-3 days, not the 30-60 minutes of an anomaly kind without defaults of its own.
        foreach (var leak in leaks)
        {
            var hours = (DateTimeOffset.Parse(leak[end], CultureInfo.InvariantCulture) - DateTimeOffset.Parse(leak[start], CultureInfo.InvariantCulture)).TotalHours;
            Assert.True(hours >= 20, $"a leak of {hours:F1} h");
        }

        File.WriteAllText(Path.Combine(_out, "typo.yaml"), "anomalies:\n  leak:\n    rait: 2\n");
        (code, output) = await CitymeshAsync("synth", "telemetry", "--options", Path.Combine(_out, "typo.yaml"), "--out", Path.Combine(_out, "typo"));
        Assert.Equal(2, code);
        Assert.Contains("anomalies.leak.rait", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task Bench_synth_measures_every_backend_and_the_stages_after_rendering()
    {
        // Every backend includes ILGPU's CPU accelerator, which is slow: on two shared cores beside the other end-to-end
        // tests it has taken from 1 m 40 s to over 3 min, so this run gets a guard of its own (not a timing assertion).
        var (code, output) = await CitymeshProcess.RunAsync(["bench", "synth", "--images", "16", "--batch", "8", "--end-to-end", "16"], TimeSpan.FromMinutes(8));

        Assert.True(code == 0, output);
        Assert.Matches(@"rendering only:\n\s+managed\s+[\d,]+ images/s", output.ReplaceLineEndings("\n"));
        // ILGPU's CPU accelerator in CI (no GPU): the same bytes as managed.
        Assert.Matches(@"ilgpu-cpu: ILGPU CPU accelerator, host memory \(test target, 8 images\)\s+[\d,.]+ images/s, [\d.]+× managed; vs managed: 0 of [\d,]+ samples differ", output);
        Assert.Matches(@"PNG encoding\s+[\d,]+ images/s \(\d+ KiB each\)", output);
        Assert.Matches(@"creating an image's 2 files in .+\s[\d,]+ images/s", output);
    }
}
