using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Simulation.Tests.Sumo;

/// <summary>The SUMO side of the comparison, run for real (Debian's sumo and sumo-tools).</summary>
public sealed class SumoPeerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-sumo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Should_Generate_A_Grid_And_Read_Back_Sumos_Figures()
    {
        var sumo = SumoInstallation.Find();
        var files = await SumoScenario.GenerateGridAsync(sumo, _directory, new SumoGrid(Number: 3, BlockLength: 150),
            new SumoRandomDemand(End: 300, Period: 3, Seed: 7));
        Assert.True(File.Exists(files.Network));
        var vehicles = File.ReadLines(files.Routes).Count(l => l.TrimStart().StartsWith("<vehicle ", StringComparison.Ordinal));
        Assert.InRange(vehicles, 90, 100); // one every 3 s over 300 s, a few dropped by --validate when unroutable

        var result = await SumoRunner.RunAsync(sumo, files.Network, files.Routes, new SumoRunOptions(Seed: 1));

        Assert.StartsWith("1.", result.Version);
        Assert.Equal(vehicles, result.Inserted);
        Assert.Equal(0, result.Running);
        Assert.Equal(vehicles, result.Arrived);
        Assert.True(result.VehicleUpdatesPerSecond > 0);
        // A 3×3 grid of 150 m blocks: trips are a few hundred metres at up to 13.9 m/s, with some waiting at lights.
        Assert.InRange(result.MeanRouteLength, 150, 900);
        Assert.InRange(result.MeanTravelTime, result.MeanRouteLength / 13.9, 400);
        Assert.True(result.MeanWaitingTime >= 0 && result.MeanWaitingTime < result.MeanTravelTime);
    }

    [Fact]
    public async Task Should_Pass_Additional_Files_And_Write_Into_The_Output_Directory()
    {
        var sumo = SumoInstallation.Find();
        var files = await SumoScenario.GenerateGridAsync(sumo, Path.Combine(_directory, "scenario"), new SumoGrid(Number: 3, BlockLength: 150),
            new SumoRandomDemand(End: 120, Period: 3, Seed: 7));
        var output = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;
        var lane = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(files.Network), """<lane id="([^":]+_0)" """).Groups[1].Value;
        var detector = Path.Combine(_directory, "detector.add.xml");
        await File.WriteAllTextAsync(detector, $"""
            <additional><inductionLoop id="d" lane="{lane}" pos="5" period="60" file="{Path.Combine(output, "loop.xml")}"/></additional>
            """);

        var result = await SumoRunner.RunAsync(sumo, files.Network, files.Routes, new SumoRunOptions(Seed: 1, Additional: [detector], OutputDirectory: output));

        Assert.True(File.Exists(Path.Combine(output, "loop.xml")), "sumo read the additional file: its detector wrote");
        Assert.Equal(Path.Combine(output, "sumo-tripinfo.xml"), result.TripInfoPath);
        Assert.False(File.Exists(Path.Combine(files.Directory, "sumo-tripinfo.xml")));
        Assert.Equal(0, result.Teleports);
        Assert.Equal(result.Inserted, result.Arrived);
    }

    [Fact]
    public async Task Should_Report_What_Sumo_Said_When_A_File_Is_Bad()
    {
        var sumo = SumoInstallation.Find();
        var network = Path.Combine(_directory, "bad.net.xml");
        await File.WriteAllTextAsync(network, "<net><edge id=\"a\"></net>");
        var routes = Path.Combine(_directory, "r.rou.xml");
        await File.WriteAllTextAsync(routes, "<routes/>");

        var failure = await Assert.ThrowsAsync<SumoException>(() => SumoRunner.RunAsync(sumo, network, routes, new SumoRunOptions()));

        Assert.StartsWith("sumo ", failure.Message);
        Assert.Contains("exited with 1", failure.Message);
        Assert.Contains("expected end of tag 'edge'", failure.Message); // SUMO's own words reach the user
    }
}
