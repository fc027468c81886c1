using CityMesh.Scenarios.Baselines;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;
using static CityMesh.Scenarios.Tests.Baselines.TwinEntitiesFixture;

namespace CityMesh.Scenarios.Tests.Baselines;

public sealed class TwinRoadnetTests
{
    [Fact]
    public void Should_Write_A_Roadnet_The_Simulator_Reads_With_Local_Ids_Lanes_And_The_Signal_Plan()
    {
        var network = Read(TwinRoadnet.ToCityFlow(City()));

        Assert.Equal(["in", "out"], network.Edges.Select(e => e.Id));
        var road = network.Edges[0];
        Assert.Equal(2, road.Lanes.Count);
        Assert.Equal(40 / 3.6, road.SpeedLimit, 1e-9);
        Assert.InRange(road.Length, 88, 91); // 0.001° of longitude at 36.66° N is about 89.5 m
        Assert.Equal(JunctionKind.TrafficLight, network.Junctions.Single(j => j.Id == "centre").Kind);
        Assert.Equal(JunctionKind.DeadEnd, network.Junctions.Single(j => j.Id == "west").Kind);
        var link = Assert.Single(network.Connections);
        Assert.Equal(("in_0", "out_0", Turn.Left), (network.Lanes[link.FromLane].Id, network.Lanes[link.ToLane].Id, link.Turn));
        Assert.InRange(link.Via, 10, 12); // the path: 0.0001° of latitude
        var plan = Assert.Single(network.Signals);
        Assert.Equal([new SignalPhase(25, "G"), new SignalPhase(5, "r")], plan.Phases);
    }

    [Fact]
    public void Should_Give_An_Unsignalised_Junction_Way_For_All_Its_Movements()
    {
        var twin = City() with { Signals = [] };

        var plan = Assert.Single(Read(TwinRoadnet.ToCityFlow(twin)).Signals);

        Assert.Equal("G", Assert.Single(plan.Phases).State);
    }

    [Fact]
    public void Should_Leave_Out_A_Closed_Road_With_Its_Movements_And_Their_Green_And_Refuse_A_City_Whose_Roads_Are_All_Closed()
    {
        static string Closed(string road) => road.Replace("\"maxSpeed\"", "\"status\":{\"type\":\"Property\",\"value\":\"closed\"},\"maxSpeed\"");
        var twin = City(roadIn: Closed(Road(In, West, Centre, 117.0, 117.001)));

        var network = Read(TwinRoadnet.ToCityFlow(twin));

        Assert.Equal(["out"], network.Edges.Select(e => e.Id));
        Assert.Empty(network.Connections);
        var plan = Assert.Single(network.Signals);
        Assert.All(plan.Phases, p => Assert.DoesNotContain('G', p.State));
        // An open road's status (FIWARE's "open", or anything but closed) changes nothing.
        var open = City(roadIn: Road(In, West, Centre, 117.0, 117.001).Replace("\"maxSpeed\"", "\"status\":{\"type\":\"Property\",\"value\":\"open\"},\"maxSpeed\""));
        Assert.Equal(["in", "out"], Read(TwinRoadnet.ToCityFlow(open)).Edges.Select(e => e.Id));
        var allClosed = twin with { Roads = [.. twin.Roads.Select(r => System.Text.Json.JsonDocument.Parse(Closed(r.GetRawText())).RootElement)] };
        Assert.Contains("every one of the 2 road segments is closed", Assert.Throws<TwinDataException>(() => TwinRoadnet.ToCityFlow(allClosed)).Message);
    }

    [Theory]
    [InlineData("road to nowhere", In, "refEndIntersection", "urn:ngsi-ld:Intersection:t:gone, which the twin does not hold")]
    [InlineData("phase movement unknown", "urn:ngsi-ld:TrafficSignal:t:centre", "phases[0].movements", "is not a movement of")]
    [InlineData("no lanes", In, "laneWidths", "non-empty list")]
    [InlineData("no speed", In, "maxSpeed", "must be positive")]
    [InlineData("movement to an unknown road", Centre, "movements[0].to", "which the twin does not hold")]
    [InlineData("geometry not a line", In, "location", "is not a GeoJSON LineString")]
    public void Should_Name_The_Entity_And_Attribute_That_Cannot_Make_A_Network(string broken, string entity, string attribute, string reason)
    {
        var twin = broken switch
        {
            "road to nowhere" => City(roadIn: Road(In, West, "urn:ngsi-ld:Intersection:t:gone", 117.0, 117.001)),
            "phase movement unknown" => City(signal: Signal(Phases.Replace(In, "swap").Replace(Out, In).Replace("swap", Out))),
            "no lanes" => City(roadIn: Road(In, West, Centre, 117.0, 117.001, widths: "[]")),
            "no speed" => City(roadIn: Road(In, West, Centre, 117.0, 117.001, maxSpeed: 0)),
            "movement to an unknown road" => City(centre: Node(Centre, 117.001, false, Movements.Replace(Out, "urn:ngsi-ld:RoadSegment:t:gone"))),
            "geometry not a line" => City(roadIn: Road(In, West, Centre, 117.0, 117.001).Replace("LineString", "Point")),
            _ => throw new ArgumentOutOfRangeException(nameof(broken)),
        };

        var e = Assert.Throws<TwinDataException>(() => TwinRoadnet.ToCityFlow(twin));

        Assert.Equal((entity, attribute), (e.EntityId, e.Attribute));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Should_Refuse_A_City_The_Twin_Holds_No_Roads_Of() =>
        Assert.Contains("no road segments", Assert.Throws<TwinDataException>(() => TwinRoadnet.ToCityFlow(City() with { Roads = [] })).Message);

    [Theory]
    [InlineData("urn:ngsi-ld:RoadSegment:t:road_1_0_1", "road_1_0_1")]
    [InlineData("urn:ngsi-ld:RoadSegment:other:road_1", "urn:ngsi-ld:RoadSegment:other:road_1")]
    [InlineData("https://example.org/roads/7", "https://example.org/roads/7")]
    public void Should_Shorten_Only_This_Citys_Urns(string id, string local) => Assert.Equal(local, TwinRoadnet.LocalId(id, "t"));

    private static TrafficNetwork Read(System.Text.Json.Nodes.JsonObject roadnet)
    {
        var path = Path.Combine(Path.GetTempPath(), $"roadnet-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, roadnet.ToJsonString());
        try
        {
            return CityFlowNetworkReader.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
