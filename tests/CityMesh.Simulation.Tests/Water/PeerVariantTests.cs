using System.Text.RegularExpressions;
using CityMesh.Simulation.Water.Epanet;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Synthetic;
using Xunit;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// The parts of the hydraulics the example networks do not reach, against EPANET 2.2 on the same files: Darcy–Weisbach
/// and Chezy–Manning head loss, emitters (the leak model), pressure-driven demand, and every valve type with a check
/// valve, a time control and a tank in a small SI network (Water/ValvesNetwork.inp). Same tolerances as
/// <see cref="EpanetComparisonTests"/>: 0.01 m, 0.5 % or 1e-5 m³/s, at every moment both solved.
/// </summary>
public sealed class PeerVariantTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-water-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public Task Net1_with_Darcy_Weisbach_head_loss_matches_EPANET() =>
        Compare("net1-dw.inp", WithOption(WithPipeRoughness(Net1, "0.5"), "Headloss", "D-W"));

    [Fact]
    public Task Net1_with_Chezy_Manning_head_loss_matches_EPANET() =>
        Compare("net1-cm.inp", WithOption(WithPipeRoughness(Net1, "0.011"), "Headloss", "C-M"));

    [Fact]
    public Task Net1_with_emitters_matches_EPANET() =>
        Compare("net1-emitters.inp", Regex.Replace(Net1, @"\[EMITTERS\][^\[]*", "[EMITTERS]\n 13  2.5\n 22  4.0\n 32  1.0\n\n"));

    [Fact]
    public Task Net1_with_pressure_driven_demand_short_of_pressure_matches_EPANET() =>
        // Net1's junctions stand at 100–130 psi: asking for 125 psi leaves some short.
        Compare("net1-pda.inp", WithOption(WithOption(WithOption(Net1, "Demand Model", "PDA"), "Minimum Pressure", "20"), "Required Pressure", "125"));

    [Fact]
    public Task Every_valve_type_with_a_tank_a_check_valve_an_emitter_and_a_time_control_matches_EPANET() =>
        Compare("valves.inp", File.ReadAllText(WaterFiles.Local("ValvesNetwork.inp")));

    [Fact]
    public Task Generated_street_grid_whose_tower_fills_and_empties_matches_EPANET()
    {
        // 3,600 junctions; the tower fills at 2:22 and empties at 18:04, its pump switched by its level: the case that
        // needs EPANET's full and empty rules to the letter (a tank a fraction of a second from empty stays open).
        var path = Path.Combine(_directory, "grid60.inp");
        InpWriter.Write(new GridWaterNetwork(60).Build(), path);
        return Compare("grid60.inp", File.ReadAllText(path));
    }

    private static string Net1 => File.ReadAllText(WaterFiles.Shared("Net1.inp"));

    private async Task Compare(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, text);
        var theirs = await EpanetJs.Find().RunAsync(path);
        var ours = new HydraulicSimulation(InpReader.Read(path)).Run();
        var comparison = PeerComparison.Of(ours, theirs);
        foreach (var m in comparison.Moments)
            output.WriteLine($"{m.Time,6} s  head {m.HeadDifference * 1000,8:0.000} mm at {m.HeadNode,-4} flow {m.OurFlow * 1000,10:0.0000} vs {m.TheirFlow * 1000,10:0.0000} L/s at {m.FlowLink,-4} {(m.Within ? "" : "OUT")}");
        Assert.Empty(comparison.OnlyOurs);
        Assert.Empty(comparison.OnlyTheirs);
        Assert.True(comparison.Agrees, $"{name}: outside tolerance at {string.Join(", ", comparison.Moments.Where(m => !m.Within).Select(m => $"{m.Time} s (head {m.HeadDifference:G3} m at {m.HeadNode}, flow {m.OurFlow:G4} vs {m.TheirFlow:G4} at {m.FlowLink})"))}");
    }

    /// <summary>Sets (or adds) an [OPTIONS] line.</summary>
    private static string WithOption(string inp, string key, string value)
    {
        var pattern = new Regex($@"^\s*{Regex.Escape(key)}\s+.*$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        return pattern.IsMatch(inp) ? pattern.Replace(inp, $" {key}  {value}", 1) : inp.Replace("[OPTIONS]", $"[OPTIONS]\n {key}  {value}");
    }

    /// <summary>Every pipe's roughness (the sixth field of a [PIPES] line) set to <paramref name="roughness"/>.</summary>
    private static string WithPipeRoughness(string inp, string roughness)
    {
        var section = Regex.Match(inp, @"\[PIPES\][^\[]*");
        var lines = section.Value.Split('\n').Select(line =>
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[0].StartsWith(';') || fields[0].StartsWith('[')) return line;
            fields[5] = roughness;
            return " " + string.Join("\t", fields);
        });
        return inp.Replace(section.Value, string.Join("\n", lines));
    }
}
