using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Twin;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>A water network as twin entities (FIWARE's EPANET models) and back: the same network, and refusals naming the entity and attribute.</summary>
public sealed class WaterTwinMappingTests
{
    // Net3's plane is in arbitrary units about 45 wide: take one as 100 m, anchored in Jinan.
    private static readonly LocalTangentPlane Plane = new(36.65, 117.0);
    private static Position Place(double x, double y) => Plane.ToWgs84(x * 100, y * 100);

    public static TheoryData<string> Networks => new() { "Net1.inp", "Net3.inp", "ValvesNetwork.inp" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Network_described_as_entities_reads_back_the_same(string file)
    {
        var original = InpReader.Read(file == "ValvesNetwork.inp" ? WaterFiles.Local(file) : WaterFiles.Shared(file));
        var entities = WaterNetworkEntities.Describe(original, "net", Place);
        Assert.Equal(original.NodeCount + original.LinkCount + 1, entities.Count);
        Assert.All(entities.Where(e => e.Type != EntityTypes.WaterNetwork), e => Assert.Equal((EntityTypes.WaterNetwork, "net"), e.Relationships["refWaterNetwork"]));
        var back = WaterNetworkReading.Read(entities, "net");
        NetworkAssert.Same(original, back);
        // Positions come back as metres from the first node: Net3's units times 100, within 0.2 % of the distance (the
        // reader's tangent plane is anchored at that node, not where the writer's was).
        if (original.Coordinates.Count == 0)
        {
            Assert.Empty(back.Coordinates);
            return;
        }
        var (x0, y0) = original.Coordinates[original.Junctions[0].Id];
        foreach (var (id, (x, y)) in original.Coordinates.Where(c => back.Coordinates.ContainsKey(c.Key)))
        {
            double distance = Math.Sqrt(Math.Pow((x - x0) * 100, 2) + Math.Pow((y - y0) * 100, 2));
            Assert.Equal((x - x0) * 100, back.Coordinates[id].X, 0.002 * distance + 1e-3);
            Assert.Equal((y - y0) * 100, back.Coordinates[id].Y, 0.002 * distance + 1e-3);
        }
    }

    [Fact]
    public void A_pipe_carries_its_ends_as_relationships_and_its_course_as_a_line()
    {
        var net = InpReader.Read(WaterFiles.Shared("Net1.inp"));
        var pipe = Assert.Single(WaterNetworkEntities.Describe(net, "n1", Place), e => e.Type == EntityTypes.Pipe && e.LocalId == "n1-10");
        Assert.Equal((EntityTypes.Junction, "n1-10"), pipe.Relationships["startsAt"]);
        Assert.Equal((EntityTypes.Junction, "n1-11"), pipe.Relationships["endsAt"]);
        Assert.Equal(2, Assert.IsType<LineString>(pipe.Location).Coordinates.Length);
        Assert.Equal(457.2, pipe.Properties["diameter"].Value.GetDouble(), 1e-9);   // 18 in
        Assert.Equal(UnitCodes.Millimetre, pipe.Properties["diameter"].Unit);
    }

    [Fact]
    public void Entities_of_other_networks_are_left_out()
    {
        var net1 = WaterNetworkEntities.Describe(InpReader.Read(WaterFiles.Shared("Net1.inp")), "a", Place);
        var net3 = WaterNetworkEntities.Describe(InpReader.Read(WaterFiles.Shared("Net3.inp")), "b", Place);
        var back = WaterNetworkReading.Read([.. net1, .. net3], "a");
        Assert.Equal(11, back.NodeCount);
    }

    [Fact]
    public void A_missing_attribute_or_a_dangling_end_is_refused_naming_the_entity()
    {
        var entities = WaterNetworkEntities.Describe(InpReader.Read(WaterFiles.Shared("Net1.inp")), "n", Place).ToList();
        int i = entities.FindIndex(e => e.LocalId == "n-11" && e.Type == EntityTypes.Junction);
        entities[i] = entities[i] with { Properties = entities[i].Properties.Where(p => p.Key != "elevation").ToDictionary() };
        var error = Assert.Throws<WaterEntityException>(() => WaterNetworkReading.Read(entities, "n"));
        Assert.Equal("Junction 'n-11': elevation is missing", error.Message);

        entities = [.. WaterNetworkEntities.Describe(InpReader.Read(WaterFiles.Shared("Net1.inp")), "n", Place)];
        i = entities.FindIndex(e => e.LocalId == "n-10" && e.Type == EntityTypes.Pipe);
        var ends = entities[i].Relationships.ToDictionary();
        ends["endsAt"] = (EntityTypes.Junction, "other-11");
        entities[i] = entities[i] with { Relationships = ends };
        Assert.Contains("Pipe 'n-10': endsAt is missing or points outside network 'n'", Assert.Throws<WaterEntityException>(() => WaterNetworkReading.Read(entities, "n")).Message);

        Assert.Contains("is not in the twin", Assert.Throws<WaterEntityException>(() => WaterNetworkReading.Read(entities, "x")).Message);
        Assert.Throws<ArgumentException>(() => WaterNetworkEntities.Describe(new WaterNetwork(), "Bad Id", null));
    }

    [Fact]
    public void Read_back_network_runs_as_the_original()
    {
        var original = InpReader.Read(WaterFiles.Shared("Net3.inp"));
        var back = WaterNetworkReading.Read(WaterNetworkEntities.Describe(original, "n3", Place), "n3");
        var a = new HydraulicSimulation(original).Run();
        var b = new HydraulicSimulation(back).Run();
        Assert.Equal(a.Steps.Select(s => s.Time), b.Steps.Select(s => s.Time));
        // Only ulps differ (L/s and back), and the solver stops within its accuracy: every head within a millimetre.
        for (int s = 0; s < a.Steps.Count; s++)
            for (int n = 0; n < a.NodeIds.Count; n++)
                Assert.Equal(a.Steps[s].Head[n], b.Steps[s].Head[b.Node(a.NodeIds[n])], 1e-3);
    }
}
