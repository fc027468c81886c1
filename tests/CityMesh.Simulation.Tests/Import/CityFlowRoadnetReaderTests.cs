using System.Text;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// The one CityFlow roadnet reader, as the twin and the simulator both use it: the Jinan network as published, and
/// every malformed value or broken reference refused naming the file and the JSON path.
/// </summary>
public sealed class CityFlowRoadnetReaderTests
{
    [Fact]
    public void Should_Read_The_Jinan_Network_As_Published()
    {
        var network = CityFlowRoadnetReader.Read(TrafficTestData.JinanRoadnet);

        Assert.Equal(26, network.Intersections.Count);
        Assert.Equal(12, network.Intersections.Count(i => i.Signalised));
        Assert.Equal(14, network.Intersections.Count(i => i.Virtual));
        Assert.Equal(62, network.Roads.Count);
        Assert.Equal(186, network.Roads.Sum(r => r.Lanes.Count));
        // Every signalised intersection has 9 phases: a 5 s one, then eight of 30 s (README of the data set).
        Assert.All(network.Intersections.Where(i => i.Signalised), i =>
            Assert.Equal([5.0, 30, 30, 30, 30, 30, 30, 30, 30], i.TrafficLight!.LightPhases.Select(p => p.Time)));
        var road = network.Road("road_0_1_0");
        Assert.Equal(("intersection_0_1", "intersection_1_1"), (road.StartIntersection, road.EndIntersection));
        Assert.Equal(400, road.Length, 9);
        Assert.All(road.Lanes, l => Assert.Equal(new CityFlowLane(4, 11.111), l));
        var link = network.Intersection("intersection_1_1").RoadLinks[0];
        Assert.Equal(("go_straight", "road_0_1_0", "road_1_1_0"), (link.Type, link.StartRoad, link.EndRoad));
    }

    /// <summary>a (virtual) → r → b (signalised) → s → c (virtual), with the movement r → s at b.</summary>
    private static string Network(string road = GoodRoad, string phase = "0", string time = "30") => $$$"""
        {"intersections": [
          {"id": "a", "point": {"x": 0, "y": 0}, "roads": ["r"], "virtual": true},
          {"id": "b", "point": {"x": 100, "y": 0}, "width": 12, "roads": ["r", "s"], "virtual": false,
           "roadLinks": [{"type": "go_straight", "startRoad": "r", "endRoad": "s", "direction": 0,
                          "laneLinks": [{"startLaneIndex": 0, "endLaneIndex": 0, "points": [{"x": 94, "y": 0}, {"x": 106, "y": 0}]}]}],
           "trafficLight": {"roadLinkIndices": [0], "lightphases": [{"time": {{{time}}}, "availableRoadLinks": [{{{phase}}}]}]}},
          {"id": "c", "point": {"x": 200, "y": 0}, "roads": ["s"], "virtual": true}],
         "roads": [{{{road}}},
          {"id": "s", "points": [{"x": 100, "y": 0}, {"x": 200, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "b", "endIntersection": "c"}]}
        """;

    private const string GoodRoad = """{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 100, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "a", "endIntersection": "b"}""";

    private static CityFlowRoadNetwork Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CityFlowRoadnetReader.Read(document.RootElement, "roadnet.json");
    }

    [Fact]
    public void Should_Read_A_Minimal_Network_With_Its_Signal_And_Build_The_Same_For_The_Simulator()
    {
        var network = Parse(Network());

        Assert.Equal(["r", "s"], network.Roads.Select(r => r.Id));
        Assert.True(network.Intersection("b").Signalised);
        Assert.False(network.Intersection("a").Signalised);
        Assert.Equal(12, network.Intersection("b").Width);
        Assert.Equal(100, network.Roads[0].Length);

        var model = CityFlowNetworkReader.Build(network);
        Assert.Equal(["r", "s"], model.Edges.Select(e => e.Id));
        var connection = Assert.Single(model.Connections);
        Assert.Equal(12, connection.Via, 9);
        Assert.Equal("G", Assert.Single(Assert.Single(model.Signals).Phases).State);
    }

    [Theory]
    [InlineData("[1, 2]", "(root) must be an object, not an array")]
    [InlineData("{\"intersections\": []}", "roads is missing")]
    [InlineData("{\"intersections\": {}, \"roads\": []}", "intersections must be an array, not an object")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"point\": {\"x\": 0}, \"virtual\": true}], \"roads\": []}", "intersections[0].point.y is missing")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"point\": {\"x\": 0, \"y\": \"north\"}, \"virtual\": true}], \"roads\": []}", "intersections[0].point.y must be a number, not \"north\"")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"point\": {\"x\": 0, \"y\": 0}, \"virtual\": 1}], \"roads\": []}", "intersections[0].virtual must be true or false, not 1")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"point\": {\"x\": 0, \"y\": 0}}], \"roads\": []}", "intersections[0].trafficLight is missing")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"point\": {\"x\": 0, \"y\": 0}, \"virtual\": true}, {\"id\": \"a\", \"point\": {\"x\": 0, \"y\": 0}, \"virtual\": true}], \"roads\": []}", "intersections[1].id 'a' is a duplicate intersection id")]
    public void Should_Name_The_Element_When_The_File_Is_Malformed(string json, string message)
    {
        var e = Assert.Throws<TrafficImportException>(() => Parse(json));
        Assert.Equal($"roadnet.json: {message}", e.Message);
    }

    [Theory]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "nowhere", "endIntersection": "b"}""", "0", "roads[0].startIntersection names intersection 'nowhere', which the file does not have")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].points needs at least two points")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes has 0 lanes; a road has 1 to 64")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": -1, "maxSpeed": 10}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes[0].width is -1; a lane width must be positive and at most 100 m")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1e300, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 10}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].points[1].x is 1e300; a coordinate must be between -100000000 and 100000000 m")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 100, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "a", "endIntersection": "c"}""", "0", "intersections[1].roadLinks[0].startRoad 'r' does not end at this intersection")]
    [InlineData(GoodRoad, "3", "intersections[1].trafficLight.lightphases[0].availableRoadLinks[0] 3 is not a road link of this intersection (1 road links)")]
    [InlineData(GoodRoad, "-1", "intersections[1].trafficLight.lightphases[0].availableRoadLinks[0] -1 is not a road link of this intersection (1 road links)")]
    [InlineData(GoodRoad, "0.5", "intersections[1].trafficLight.lightphases[0].availableRoadLinks[0] must be an integer, not 0.5")]
    public void Should_Check_Every_Reference_And_Name_The_Element(string road, string phase, string message)
    {
        var e = Assert.Throws<TrafficImportException>(() => Parse(Network(road, phase)));
        Assert.Equal($"roadnet.json: {message}", e.Message);
    }

    [Fact]
    public void Should_Check_Lane_Indices_And_Roads_Named_By_An_Intersection()
    {
        var lane = Assert.Throws<TrafficImportException>(() => Parse(Network().Replace("\"endLaneIndex\": 0", "\"endLaneIndex\": 2", StringComparison.Ordinal)));
        Assert.Equal("roadnet.json: intersections[1].roadLinks[0].laneLinks[0].endLaneIndex 2 is not a lane of road 's' (1 lanes)", lane.Message);
        var named = Assert.Throws<TrafficImportException>(() => Parse(Network().Replace("\"roads\": [\"s\"]", "\"roads\": [\"t\"]", StringComparison.Ordinal)));
        Assert.Equal("roadnet.json: intersections[2].roads[0] names road 't', which the file does not have", named.Message);
    }

    [Fact]
    public void Should_Reject_A_Signal_Whose_Phases_Last_Zero_Seconds_In_All()
    {
        var e = Assert.Throws<TrafficImportException>(() => Parse(Network(time: "0")));
        Assert.Equal("roadnet.json: intersections[1].trafficLight.lightphases has 1 phases that last 0 s in all; a cycle must last more than 0 s", e.Message);
    }

    [Fact]
    public void Should_Reject_A_String_That_Is_Not_Utf8_Instead_Of_Crashing()
    {
        var bytes = Encoding.UTF8.GetBytes(Network().Replace("\"id\": \"r\"", "\"id\": \"r#\"", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xF7;
        using var document = JsonDocument.Parse(bytes);
        var e = Assert.Throws<TrafficImportException>(() => CityFlowRoadnetReader.Read(document.RootElement, "roadnet.json"));
        Assert.Equal("roadnet.json: roads[0].id is not UTF-8 text", e.Message);
    }

    [Fact]
    public void Should_Reject_Duplicate_Road_Ids()
    {
        var e = Assert.Throws<TrafficImportException>(() => Parse(Network(GoodRoad + "," + GoodRoad)));
        Assert.Equal("roadnet.json: roads[1].id 'r' is a duplicate road id", e.Message);
    }

    [Fact]
    public void Should_Say_Which_File_Is_Missing_Too_Large_Or_Malformed()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-roadnet-{Guid.NewGuid():N}.json");
        Assert.Contains($"{missing}: cannot open", Assert.Throws<TrafficImportException>(() => CityFlowRoadnetReader.Read(missing)).Message);

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Network());
            var large = Assert.Throws<TrafficImportException>(() => CityFlowRoadnetReader.Read(file, InputLimits.Default with { InputFileBytes = 100 }));
            Assert.Contains("CityMesh:Limits:InputFileBytes", large.Message);
            File.WriteAllText(file, "{\"intersections\": [], \"roads\": [{}]}");
            Assert.Equal($"{file}: roads[0].id is missing", Assert.Throws<TrafficImportException>(() => CityFlowRoadnetReader.Read(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
