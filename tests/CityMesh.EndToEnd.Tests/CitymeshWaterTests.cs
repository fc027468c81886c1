using System.Runtime.CompilerServices;

namespace CityMesh.EndToEnd.Tests;

/// <summary><c>citymesh water run</c> and <c>citymesh water import</c> as a user runs them: the real process, its exit code and output.</summary>
public sealed class CitymeshWaterTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-water-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    internal static string Net3([CallerFilePath] string self = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self)!, "..", "..", "..", "shared", "data", "water", "Net3.inp"));

    [Fact]
    public async Task Running_Net3_summarises_its_day_and_writes_every_moment()
    {
        var csv = Path.Combine(_out, "net3.csv");
        var (code, output) = await CitymeshProcess.RunAsync(["water", "run", Net3(), "--csv", csv]);

        Assert.True(code == 0, output);
        Assert.Contains("92 junctions, 2 reservoirs, 3 tanks, 117 pipes, 2 pumps, 0 valves", output);
        Assert.Contains("27 moments over 24 h", output);
        Assert.Contains("0 not converged", output);
        Assert.Contains("tank 1: level", output);
        // A header, then every moment's 97 heads and 119 flows.
        Assert.Equal(1 + 27 * (97 + 119), File.ReadLines(csv).Count());
    }

    [Fact]
    public async Task A_bad_file_is_refused_naming_its_section_and_line()
    {
        var bad = Path.Combine(_out, "bad.inp");
        await File.WriteAllTextAsync(bad, "[JUNCTIONS]\n J1  abc  10\n[RESERVOIRS]\n R1 100\n[PIPES]\n P1 R1 J1 100 200 100\n[END]\n");

        var (code, output) = await CitymeshProcess.RunAsync(["water", "run", bad]);

        Assert.Equal(2, code);
        Assert.Contains("bad.inp", output);
        Assert.Contains("[JUNCTIONS] line 2", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Theory]
    [InlineData("--origin", "north", "--origin is 'north'")]
    [InlineData("--network", "Net 3", "--network")]
    public async Task Import_refuses_a_bad_option_naming_it(string option, string value, string expected)
    {
        string[] arguments = ["water", "import", Net3(), "--network", "net3", "--origin", "36.66,117.0"];
        int at = Array.IndexOf(arguments, option);
        arguments[at + 1] = value;

        var (code, output) = await CitymeshProcess.RunAsync(arguments);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }
}
