using System.Text.RegularExpressions;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// <c>citymesh eval leaks --live</c> as a user runs it: cases drawn along the live path (the seeded meters read from
/// the sensors' field, gathered as safety's leak watch gathers the twin's history) on EPANET's Net3, scored against
/// the issue's targets; the real process, its exit code, its verdicts and its CSV.
/// </summary>
public sealed class CitymeshEvalLeaksLiveTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-eval-leaks-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task The_live_path_meets_the_targets_on_net3_and_writes_every_case()
    {
        var net3 = CitymeshWaterTests.Net3();
        string table = Path.Combine(_out, "live.csv");
        var (code, output) = await CitymeshProcess.RunAsync(["eval", "leaks", "--live", "--inp", net3, "--leaks", "30", "--controls", "10", "--seed", "1", "--out", table],
            TimeSpan.FromMinutes(3));

        var text = Regex.Replace(output, @"\s+", " ");   // the console wraps long lines at its width
        Assert.True(code == 0, output);
        Assert.Contains("along the live path: 40 cases", text);
        foreach (var verdict in new[] { "precision", "recall", "median delay", "median localisation error" })
            Assert.Matches($@"{verdict} [^\n]*? pass", text);
        var rows = File.ReadAllLines(table);
        Assert.Equal(41, rows.Length);
        // Ten leak-free cases, none alarming.
        Assert.Equal(10, rows.Skip(1).Count(r => r.Split(',')[1].Length == 0));
        Assert.All(rows.Skip(1).Where(r => r.Split(',')[1].Length == 0), r => Assert.Equal("False", r.Split(',')[8]));
    }
}
