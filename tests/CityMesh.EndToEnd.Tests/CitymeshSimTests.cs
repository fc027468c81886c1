using System.Text.Json;

namespace CityMesh.EndToEnd.Tests;

/// <summary><c>citymesh sim traffic</c> as a user runs it: the real process, its exit code, output and files.</summary>
public sealed class CitymeshSimTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-sim-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static Task<(int Code, string Output)> RunAsync(params string[] arguments) => CitymeshAsync(["sim", "traffic", .. arguments]);

    private static Task<(int Code, string Output)> CitymeshAsync(string[] arguments) => CitymeshProcess.RunAsync(arguments);

    [Fact]
    public async Task Should_Run_A_Generated_Grid_And_Write_Its_Outputs()
    {
        var (code, output) = await RunAsync("--grid", "3", "--trips", "40", "--seed", "5", "--out", _out);

        Assert.True(code == 0, output);
        Assert.Contains("managed", output);
        foreach (var file in new[] { "summary.json", "trips.csv", "lanes.csv", "edges.csv", "intersections.csv" })
            Assert.True(File.Exists(Path.Combine(_out, file)), file);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "summary.json")));
        var root = summary.RootElement;
        var arrived = root.EnumerateObject().Single(p => p.Name.Equals("arrived", StringComparison.OrdinalIgnoreCase)).Value.GetInt32();
        Assert.Equal(40, arrived);
        Assert.Equal(41, File.ReadLines(Path.Combine(_out, "trips.csv")).Count()); // a header and one row per trip
    }

    [Theory]
    [InlineData("--step", "0", "--step is 0")]
    [InlineData("--end", "-5", "--end is -5")]
    [InlineData("--grid", "1", "--grid is 1")]
    public async Task Should_Refuse_A_Bad_Option_Naming_It(string option, string value, string expected)
    {
        string[] arguments = option == "--grid" ? [option, value] : ["--grid", "3", "--trips", "5", option, value];

        var (code, output) = await RunAsync([.. arguments, "--out", _out]);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.False(File.Exists(Path.Combine(_out, "summary.json")));
    }

    [Fact]
    public async Task Should_Name_The_File_And_Line_Of_A_Bad_Network()
    {
        var network = Path.Combine(_out, "bad.net.xml");
        await File.WriteAllTextAsync(network, "<net>\n  <edge id=\"a\" from=\"x\">\n</net>");

        var (code, output) = await RunAsync("--net", network, "--routes", network, "--out", _out);

        Assert.Equal(2, code);
        Assert.Contains("bad.net.xml", output);
        Assert.Contains("line", output);
    }

    [Theory]
    [InlineData("--grid 1", "--grid must be at least 2")]
    [InlineData("--period 0", "--period must be positive")]
    [InlineData("--scale-trips 0", "--scale-trips must be at least 1")]
    public async Task Should_Refuse_Bad_Bench_Options_In_One_Line(string arguments, string expected)
    {
        var (code, output) = await CitymeshAsync(["bench", "traffic", .. arguments.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Equal($"citymesh: {expected}", output.Trim());
    }
}
