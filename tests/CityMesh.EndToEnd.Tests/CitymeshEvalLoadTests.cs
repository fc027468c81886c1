using System.Text.Json;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// <c>citymesh eval load</c> and <c>citymesh eval anomalies --detect energy-meter</c> as a user runs them: on a set
/// they generate, on a <c>citymesh synth telemetry</c> folder, and with bad options, which exit 2 naming the option.
/// </summary>
public sealed class CitymeshEvalLoadTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-eval-load-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static Task<(int Code, string Output)> CitymeshAsync(params string[] arguments) => CitymeshProcess.RunAsync(arguments, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task The_load_forecast_is_scored_per_horizon_against_the_seasonal_baselines()
    {
        var json = Path.Combine(_out, "load.json");
        var (code, output) = await CitymeshAsync("eval", "load", "--seed", "42", "--out", json);

        Assert.True(code == 0, output);
        Assert.Contains("16 meters (seed 42), weeks 1-8 train, 9-10 held out", output);
        Assert.Contains("median pass, mean pass, 1-week pass", output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, 24), rows.Select(r => r.GetProperty("hours").GetInt32()));
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("weekImprovement").GetDouble() >= 15, row.ToString());
            Assert.True(row.GetProperty("meanImprovement").GetDouble() >= 15, row.ToString());
            Assert.True(row.GetProperty("improvement").GetDouble() >= 15, row.ToString());
        }
        Assert.True(report.RootElement.GetProperty("passes").GetBoolean());
        Assert.True(report.RootElement.GetProperty("beatsMedianBy15").GetBoolean());
        Assert.True(report.RootElement.GetProperty("beatsMeanBy15").GetBoolean());
        Assert.True(report.RootElement.GetProperty("beatsWeekBy15").GetBoolean());
    }

    [Fact]
    public async Task A_synthetic_telemetry_folder_is_forecast_and_its_meters_scored_for_anomalies()
    {
        var options = Path.Combine(_out, "meters.yaml");
        File.WriteAllText(options, "kinds: [energy-meter]\n");
        var set = Path.Combine(_out, "set");
        var (code, output) = await CitymeshAsync("synth", "telemetry", "--options", options, "--out", set, "--days", "42", "--sites", "6", "--seed", "9");
        Assert.True(code == 0, output);

        (code, output) = await CitymeshAsync("eval", "load", "--data", set, "--test-weeks", "1");
        Assert.True(code is 0 or 1, output);
        Assert.Contains("6 meters (seed 9), weeks 1-5 train, 6-6 held out", output);

        var alerts = Path.Combine(_out, "alerts.csv");
        var score = Path.Combine(_out, "score.json");
        (code, output) = await CitymeshAsync("eval", "anomalies", "--detect", "energy-meter", "--data", set, "--alerts", alerts, "--out", score);
        Assert.True(code == 0, output);
        Assert.Equal("sensor_id,time,kind", File.ReadLines(alerts).First());
        using var scores = JsonDocument.Parse(File.ReadAllText(score));
        Assert.True(scores.RootElement.GetProperty("anomalies").GetInt32() > 0);
        Assert.True(scores.RootElement.GetProperty("f1").GetDouble() >= 0.8, output);

        // The written alerts score the same through the plain path.
        (code, output) = await CitymeshAsync("eval", "anomalies", "--labels", Path.Combine(set, "labels.csv"), "--alerts", alerts, "--out", Path.Combine(_out, "again.json"));
        Assert.True(code == 0, output);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "again.json")));
        Assert.Equal(scores.RootElement.GetProperty("f1").GetDouble(), again.RootElement.GetProperty("f1").GetDouble(), 12);
    }

    [Theory]
    [InlineData("--test-weeks", "0", "--test-weeks")]
    [InlineData("--weeks", "3", "--weeks")]
    [InlineData("--meters", "1", "--meters")]
    [InlineData("--data", "/nonexistent/set", "--data")]
    public async Task A_bad_load_option_exits_2_naming_it(string option, string value, string expected)
    {
        var (code, output) = await CitymeshAsync("eval", "load", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Theory]
    [InlineData(new[] { "--detect", "water-main", "--data", "." }, "--detect")]
    [InlineData(new[] { "--detect", "energy-meter" }, "--data")]
    [InlineData(new[] { "--alerts", "a.csv" }, "--labels")]
    public async Task A_bad_anomalies_option_exits_2_naming_it(string[] arguments, string expected)
    {
        var (code, output) = await CitymeshAsync(["eval", "anomalies", .. arguments]);
        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
