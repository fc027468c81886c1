using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// <c>citymesh energy run</c> as a user runs it on the Baran &amp; Wu 33-bus feeder: the published losses and lowest
/// voltage in the text and in JSON by both methods; a file MATPOWER would refuse exits 2 naming its line and field.
/// </summary>
public sealed class CitymeshEnergyTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-energy-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    internal static string Case33([CallerFilePath] string self = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self)!, "..", "..", "..", "shared", "data", "energy", "case33bw.m"));

    private static Task<(int Code, string Output)> CitymeshAsync(params string[] arguments) => CitymeshProcess.RunAsync(arguments, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task The_33_bus_feeder_gives_its_published_losses_and_lowest_voltage()
    {
        var (code, output) = await CitymeshAsync("energy", "run", Case33());
        Assert.True(code == 0, output);
        Assert.Contains("losses: 202.68 kW, 135.14 kvar", output);
        Assert.Contains("lowest voltage: 0.91309 pu at bus 18", output);
        Assert.Contains("backward/forward sweep: converged", output);

        (code, output) = await CitymeshAsync("energy", "run", Case33(), "--method", "nr", "--json");
        Assert.True(code == 0, output);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(202.68, result.GetProperty("lossKw").GetDouble(), 0.1);
        Assert.Equal(135.14, result.GetProperty("lossKvar").GetDouble(), 0.07);
        Assert.Equal(0.91309, result.GetProperty("lowestVmPu").GetDouble(), 1e-4);
        Assert.Equal(18, result.GetProperty("lowestVmBus").GetInt32());
    }

    [Fact]
    public async Task A_bad_case_file_exits_2_naming_its_line_and_field()
    {
        var bad = Path.Combine(_out, "bad.m");
        File.WriteAllText(bad, "function mpc = bad\nmpc.version = '2';\nmpc.baseMVA = abc;\n");
        var (code, output) = await CitymeshAsync("energy", "run", bad);
        Assert.Equal(2, code);
        Assert.Contains("line 3, mpc.baseMVA", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
