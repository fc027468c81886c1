using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>
/// The seeded city's water network: a junction at every intersection its streets reach, every street's main a pipe
/// between them, the works' reservoir and the tower; read back from the twin's entities, it runs a day of hydraulics
/// and every home gets between 20 and 60 m of pressure.
/// </summary>
public sealed class CityWaterNetworkTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SeededCity City = JinanData.City();

    [Fact]
    public void The_city_has_a_water_network_under_its_streets()
    {
        var counts = City.CountByType;
        Assert.Equal(1, counts[EntityTypes.WaterNetwork]);
        Assert.Equal(1, counts[EntityTypes.Reservoir]);
        Assert.Equal(1, counts[EntityTypes.Tank]);
        // Every main is a pipe, and two more: the trunk main from the works and the tower's main.
        Assert.Equal(counts[EntityTypes.WaterMain] + 2, counts[EntityTypes.Pipe]);
        var ids = City.Entities.Select(e => e.Id).ToHashSet();
        foreach (var main in City.Entities.Where(e => e.Type == EntityTypes.WaterMain))
            Assert.Contains(main.Relationships["refPipe"].Object, ids);
        foreach (var pipe in City.Entities.Where(e => e.Type == EntityTypes.Pipe))
        {
            Assert.Contains(pipe.Relationships["startsAt"].Object, ids);
            Assert.Contains(pipe.Relationships["endsAt"].Object, ids);
        }
        // Junctions are the intersections the streets reach: no more, no fewer.
        Assert.Equal(counts[EntityTypes.Intersection], counts[EntityTypes.Junction]);
    }

    [Fact]
    public void Read_back_from_the_twin_it_gives_every_home_a_working_pressure_all_day()
    {
        var network = WaterNetworkReading.Read(City.Entities.Select(SeededElements.Of), CityWaterNetwork.Id);
        Assert.True(network.Junctions.Sum(j => j.Demands.Sum(d => d.Base)) > 0.01, "the buildings draw water");
        var results = new HydraulicSimulation(network).Run();
        output.WriteLine($"{network.Junctions.Count} junctions, {network.Pipes.Count} pipes, demand {network.Junctions.Sum(j => j.Demands.Sum(d => d.Base)) * 1e3:0.0} L/s mean; " +
                         $"pipe lengths {network.Pipes.Min(p => p.Length):0}–{network.Pipes.Max(p => p.Length):0} m, diameters {network.Pipes.Min(p => p.Diameter):0.000}–{network.Pipes.Max(p => p.Diameter):0.000} m");
        Assert.All(results.Steps, s => Assert.True(s.Solve.Converged));
        var junctions = Enumerable.Range(0, network.Junctions.Count).ToArray();
        double low = results.Steps.Min(s => junctions.Min(j => results.Pressure(s, j)));
        double high = results.Steps.Max(s => junctions.Max(j => results.Pressure(s, j)));
        output.WriteLine($"pressures over the day {low:0.0}–{high:0.0} m; trunk {network.Pipes.Single(p => p.Id == "trunk").Diameter * 1000:0} mm");
        Assert.InRange(low, 20, 60);
        Assert.InRange(high, 20, 60);
    }

    [Fact]
    public void A_utility_file_is_seeded_beside_the_generated_network_and_reads_back_as_the_file()
    {
        var net1 = Path.Combine(Path.GetDirectoryName(JinanData.RoadNetworkPath)!, "..", "..", "water", "Net1.inp");
        var options = JinanData.Options() with { WaterNetworkFile = net1, WaterNetworkId = "net1", WaterNetworkScale = 0.3048 };
        var city = CityGenerator.Build(JinanData.RoadNetwork, options);
        var file = Simulation.Water.Inp.InpReader.Read(net1);

        var seeded = WaterNetworkReading.Read(city.Entities.Select(SeededElements.Of), "net1");
        Assert.Equal(file.Junctions.Select(j => (j.Id, j.Elevation)), seeded.Junctions.Select(j => (j.Id, j.Elevation)));
        Assert.Equal(file.Pipes.Select(p => (p.Id, p.Length, p.Diameter)), seeded.Pipes.Select(p => (p.Id, p.Length, p.Diameter)));
        // The generated network is still there, whole.
        Assert.Equal(City.Entities.Count(e => e.Id.Contains(":city-", StringComparison.Ordinal)), city.Entities.Count(e => e.Id.Contains(":city-", StringComparison.Ordinal)));
        // Placed from the file's feet around the anchor: Net1's drawing spans 20 to 70 units, so within a few hundred metres.
        var junction = city.Entities.Single(e => e.Id == "urn:ngsi-ld:Junction:jinan:net1-10");
        var at = (CityMesh.Contracts.Geo.Point)junction.Location!;
        Assert.InRange(at.Coordinates.Latitude - options.AnchorLatitude, 0, 0.001);
    }

    [Fact]
    public void A_bad_utility_file_stops_the_seeding_naming_the_file_section_and_line()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"citymesh-bad-{Guid.NewGuid():N}.inp");
        File.WriteAllText(bad, "[JUNCTIONS]\n J1  abc  0\n[END]\n");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => CityGenerator.Build(JinanData.RoadNetwork, JinanData.Options() with { WaterNetworkFile = bad }));
            Assert.Contains("CityMesh:City:WaterNetworkFile", e.Message);
            Assert.Contains("[JUNCTIONS] line 2", e.Message);
            var missing = Assert.Throws<FileNotFoundException>(() => CityGenerator.Build(JinanData.RoadNetwork, JinanData.Options() with { WaterNetworkFile = bad + ".gone" }));
            Assert.Contains("CityMesh:City:WaterNetworkFile", missing.Message);
            Assert.Throws<InvalidOperationException>(() => (JinanData.Options() with { WaterNetworkScale = 0 }).Validated());
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
