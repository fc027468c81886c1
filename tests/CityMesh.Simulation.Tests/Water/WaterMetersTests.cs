using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// A network's meters as the twin holds them: planned, written as FIWARE Devices with the junctions' areas, read back
/// through NGSI-LD JSON to the same meters and the same district metered areas; what does not fit is refused naming
/// the entity and attribute.
/// </summary>
public sealed class WaterMetersTests
{
    private const string City = "testcity";
    private static readonly WaterNetwork Net3 = InpReader.Read(WaterFiles.Shared("Net3.inp"));

    /// <summary>The network and meters as the twin's read API would give them back.</summary>
    private static List<TwinElement> ThroughTheTwin(WaterNetwork net, WaterMeters meters, Func<TwinElement, TwinElement>? change = null) =>
        [.. WaterNetworkEntities.Describe(net, meters.Network, null, meters.Partition).Concat(meters.Describe(net, null))
            .Select(e => change?.Invoke(e) ?? e)
            .Select(e => NgsiElements.From(JsonSerializer.SerializeToElement(TwinElementJson.Of(e, City)), City))];

    [Fact]
    public void The_meters_read_back_from_the_twin_are_the_ones_planned()
    {
        var planned = WaterMeters.Plan(Net3, "net3");
        Assert.Equal(12, planned.Loggers.Count);
        Assert.Equal(4, planned.AreaMeters.Count);
        Assert.Equal(Net3.Tanks.Count, planned.TankGauges.Count);
        // Both pumps, the pipe Net3's controls shut (330), and every pipe to a tank.
        var links = WaterMeters.Links(Net3);
        var monitored = planned.LinkMonitors.Select(m => links[m.Link].Id).ToHashSet();
        Assert.Superset(new HashSet<string> { "10", "335", "330" }, monitored);
        Assert.All(Net3.Pipes.Where(p => Net3.Tanks.Any(t => t.Id == p.From || t.Id == p.To)), p => Assert.Contains(p.Id, monitored));

        var elements = ThroughTheTwin(Net3, planned);
        var net = WaterNetworkReading.Read(elements, "net3");
        var read = WaterMeters.Read(net, "net3", elements)!;
        Assert.Equal(planned.Loggers, read.Loggers);
        Assert.Equal(planned.TankGauges, read.TankGauges);
        Assert.Equal(planned.LinkMonitors, read.LinkMonitors);
        Assert.Equal(planned.Partition.AreaOfJunction, read.Partition.AreaOfJunction);
        Assert.Equal(planned.Partition.Areas.Select(a => a.Name), read.Partition.Areas.Select(a => a.Name));
        Assert.Equal(planned.Partition.MeteredLinks.Order(), read.Partition.MeteredLinks.Order());
        Assert.Equal(planned.Readings, read.Readings);
    }

    [Fact]
    public void A_partition_drawn_by_hand_is_the_same_as_the_one_cut_when_it_assigns_alike()
    {
        var cut = DistrictAreas.Partition(Net3, 4);
        var drawn = DistrictAreas.FromAssignment(Net3, cut.AreaOfJunction, [.. cut.Areas.Select(a => a.Name)]);
        Assert.Equal(cut.Areas.Select(a => a.Pipes.Count), drawn.Areas.Select(a => a.Pipes.Count));
        Assert.Equal(cut.MeteredLinks, drawn.MeteredLinks);
        Assert.Throws<ArgumentException>(() => DistrictAreas.FromAssignment(Net3, [.. cut.AreaOfJunction.Select(a => a == 3 ? 9 : a)], [.. cut.Areas.Select(a => a.Name)]));
    }

    [Fact]
    public void A_network_without_meters_has_none_and_meters_that_do_not_fit_are_named()
    {
        var planned = WaterMeters.Plan(Net3, "net3");
        var bare = WaterNetworkEntities.Describe(Net3, "net3", null)
            .Select(e => NgsiElements.From(JsonSerializer.SerializeToElement(TwinElementJson.Of(e, City)), City)).ToList();
        Assert.Null(WaterMeters.Read(WaterNetworkReading.Read(bare, "net3"), "net3", bare));

        // A junction that names no area.
        var unassigned = ThroughTheTwin(Net3, planned, e => e.Type == EntityTypes.Junction && e.LocalId == "net3-10"
            ? e with { Properties = e.Properties.Where(p => p.Key != WaterMeters.AreaAttribute).ToDictionary() } : e);
        var error = Assert.Throws<WaterEntityException>(() => WaterMeters.Read(WaterNetworkReading.Read(unassigned, "net3"), "net3", unassigned));
        Assert.Contains("net3-10", error.Message);
        Assert.Contains(WaterMeters.AreaAttribute, error.Message);

        // A logger on a junction the network does not hold.
        var astray = ThroughTheTwin(Net3, planned, e => e.Type == EntityTypes.Device && e.LocalId == planned.Loggers[0].Device
            ? e with { Relationships = new Dictionary<string, (string, string)>(e.Relationships) { ["refJunction"] = (EntityTypes.Junction, "net3-nowhere") } } : e);
        error = Assert.Throws<WaterEntityException>(() => WaterMeters.Read(WaterNetworkReading.Read(astray, "net3"), "net3", astray));
        Assert.Contains("refJunction", error.Message);
        Assert.Contains(planned.Loggers[0].Device, error.Message);
    }
}
