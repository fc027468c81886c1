using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Epanet;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// Writing a network as an SI .inp and reading it back gives the same network: every node, link, curve, pattern,
/// control, option and time equal (numbers to 1e-12 relative: they go from US units to SI to L/s and back); and EPANET
/// runs the written file to the same answer as CityMesh, so a network CityMesh builds opens in the utility's own tool.
/// </summary>
public sealed class InpWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-inp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Networks => new() { "Net1.inp", "Net2.inp", "Net3.inp", "ValvesNetwork.inp" };

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task Written_network_reads_back_the_same_and_EPANET_runs_it_as_CityMesh_does(string file)
    {
        var original = InpReader.Read(file == "ValvesNetwork.inp" ? WaterFiles.Local(file) : WaterFiles.Shared(file));
        var path = Path.Combine(_directory, file);
        InpWriter.Write(original, path);
        var back = InpReader.Read(path);

        NetworkAssert.Same(original with { Options = original.Options with { Units = FlowUnits.Lps } }, back);

        var theirs = await EpanetJs.Find().RunAsync(path);
        var comparison = PeerComparison.Of(new HydraulicSimulation(back).Run(), theirs);
        Assert.True(comparison.Agrees, $"EPANET on the written {file}: worst head {comparison.WorstHead:G3} m; {comparison.OnlyOurs.Count + comparison.OnlyTheirs.Count} unpaired moments");
    }
}
