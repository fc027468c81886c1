using CityMesh.Simulation.Water.Epanet;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using Xunit;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// The hydraulics against EPANET 2.2 itself (epanet-js, WebAssembly, run by Node): the example networks' 24-hour
/// runs, every moment both solved (the hours, and the moments between when a tank control switched a pump), every
/// node's head within 0.01 m and every link's flow within 0.5 % (or 1e-5 m³/s for flows near zero). Both solve to
/// the file's own accuracy (0.001).
/// </summary>
public sealed class EpanetComparisonTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Net1.inp")]
    [InlineData("Net3.inp")]
    public async Task Extended_period_run_matches_EPANET_at_every_moment(string file)
    {
        var path = WaterFiles.Shared(file);
        var peer = EpanetJs.Find();
        var theirs = await peer.RunAsync(path);
        var ours = new HydraulicSimulation(InpReader.Read(path)).Run();
        var comparison = PeerComparison.Of(ours, theirs);
        output.WriteLine($"{file}: {theirs.Engine}; {comparison.Moments.Count} moments compared");
        foreach (var m in comparison.Moments)
            output.WriteLine($"  {m.Time,6} s  head {m.HeadDifference * 1000,8:0.000} mm at {m.HeadNode,-6} flow {m.OurFlow * 1000,10:0.0000} vs {m.TheirFlow * 1000,10:0.0000} L/s at {m.FlowLink,-6} {(m.Within ? "" : "OUT")}");
        Assert.Empty(comparison.OnlyOurs);
        Assert.Empty(comparison.OnlyTheirs);
        Assert.Equal(theirs.Steps.Count, comparison.Moments.Count);
        Assert.True(comparison.Agrees, $"{file}: outside tolerance at {string.Join(", ", comparison.Moments.Where(m => !m.Within).Select(m => $"{m.Time} s"))}");
    }
}
