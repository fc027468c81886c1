using CityMesh.Twin.Seeding.CityFlow;

namespace CityMesh.Twin.Tests.Seeding;

public sealed class CityFlowReaderTests
{
    [Fact]
    public void Should_Read_The_Jinan_Network_As_Published()
    {
        var network = JinanData.RoadNetwork;

        Assert.Equal(26, network.Intersections.Count);
        Assert.Equal(12, network.Intersections.Count(i => i.Signalised));
        Assert.Equal(14, network.Intersections.Count(i => i.Virtual));
        Assert.Equal(62, network.Roads.Count);
        Assert.Equal(186, network.Roads.Sum(r => r.Lanes.Count));
        // Every signalised intersection has 9 phases: a 5 s one, then eight of 30 s (README of the data set).
        Assert.All(network.Intersections.Where(i => i.Signalised), i =>
            Assert.Equal([5.0, 30, 30, 30, 30, 30, 30, 30, 30], i.TrafficLight!.LightPhases.Select(p => p.Time)));
        var road = network.Road("road_0_1_0");
        Assert.Equal("intersection_0_1", road.StartIntersection);
        Assert.Equal("intersection_1_1", road.EndIntersection);
        Assert.Equal(400, road.Length, 9);
        Assert.All(road.Lanes, l => Assert.Equal(new CityFlowLane(4, 11.111), l));
        var link = network.Intersection("intersection_1_1").RoadLinks[0];
        Assert.Equal(("go_straight", "road_0_1_0", "road_1_1_0"), (link.Type, link.StartRoad, link.EndRoad));
    }

    [Theory]
    [InlineData("{\"intersections\": []}", "$.roads", "is required")]
    [InlineData("[1, 2]", "$", "must be a JSON object")]
    [InlineData("{\"intersections\": [], \"roads\": ", "$", "is not valid JSON")]
    [InlineData("{\"intersections\": {}, \"roads\": []}", "intersections", "must be an array")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"roads\": [], \"point\": {\"x\": 0}}], \"roads\": []}", "intersections[0].point.y", "is required")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"roads\": [], \"point\": {\"x\": 0, \"y\": \"north\"}}], \"roads\": []}", "intersections[0].point.y", "must be a finite number, not the string \"north\"")]
    [InlineData("{\"intersections\": [{\"id\": \"a\", \"roads\": [], \"point\": {\"x\": 0, \"y\": 0}, \"virtual\": 1}], \"roads\": []}", "intersections[0].virtual", "must be true or false")]
    public void Should_Name_The_Element_When_The_File_Is_Malformed(string json, string element, string reason)
    {
        var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.Parse(json));
        Assert.Equal(element, e.Element);
        Assert.Contains(reason, e.Message);
    }

    private const string TwoNodes = """
        "intersections": [
          {"id": "a", "point": {"x": 0, "y": 0}, "roads": ["r"], "virtual": true},
          {"id": "b", "point": {"x": 100, "y": 0}, "roads": ["r"], "virtual": false,
           "roadLinks": [{"type": "go_straight", "startRoad": "r", "endRoad": "r", "direction": 0, "laneLinks": [{"startLaneIndex": 0, "endLaneIndex": 0, "points": []}]}],
           "trafficLight": {"roadLinkIndices": [0], "lightphases": [{"time": 30, "availableRoadLinks": [PHASE]}]}}
        ]
        """;

    private static string Network(string road, string phase = "0") =>
        "{" + TwoNodes.Replace("PHASE", phase, StringComparison.Ordinal) + ", \"roads\": [" + road + "]}";

    private const string GoodRoad = """{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 100, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "a", "endIntersection": "b"}""";

    [Fact]
    public void Should_Read_A_Minimal_Network_With_Its_Signal()
    {
        var network = CityFlowReader.Parse(Network(GoodRoad));

        Assert.Single(network.Roads);
        Assert.True(network.Intersection("b").Signalised);
        Assert.False(network.Intersection("a").Signalised);
        Assert.Equal(100, network.Roads[0].Length);
    }

    [Theory]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "nowhere", "endIntersection": "b"}""", "0", "roads[0].startIntersection", "'nowhere', which is not an intersection")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 13.9}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].points", "at least 2 points")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes", "at least one lane")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": "fast"}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes[0].maxSpeed", "finite number")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": -1, "maxSpeed": 10}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes[0].width", "positive")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 1e308}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].lanes[0].maxSpeed", "is 1E+308; a speed must be positive and at most 150 m/s")]
    [InlineData("""{"id": "r", "points": [{"x": 5, "y": 5}, {"x": 5, "y": 5}], "lanes": [{"width": 3.5, "maxSpeed": 10}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].points", "make a road 0 m long; a lane length must be positive and at most 100000 m")]
    [InlineData("""{"id": "r", "points": [{"x": 0, "y": 0}, {"x": 1e300, "y": 0}], "lanes": [{"width": 3.5, "maxSpeed": 10}], "startIntersection": "a", "endIntersection": "b"}""", "0", "roads[0].points[1].x", "a coordinate must be between -100000000 and 100000000 m")]
    [InlineData(GoodRoad, "3", "intersections[1].trafficLight.lightphases[0].availableRoadLinks[0]", "has 1 road link(s), so 3 is out of range")]
    [InlineData(GoodRoad, "-1", "intersections[1].trafficLight.lightphases[0].availableRoadLinks[0]", "must be an index")]
    public void Should_Check_Every_Reference_And_Name_The_Element(string road, string phase, string element, string reason)
    {
        var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.Parse(Network(road, phase)));
        Assert.Equal(element, e.Element);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Should_Reject_A_Signal_Whose_Phases_Last_Zero_Seconds_In_All()
    {
        var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.Parse(Network(GoodRoad).Replace("\"time\": 30", "\"time\": 0", StringComparison.Ordinal)));
        Assert.Equal("intersections[1].trafficLight.lightphases", e.Element);
        Assert.Contains("intersection 'b' has phases that last 0 s in all; a cycle must last more than 0 s", e.Message);
    }

    [Fact]
    public void Should_Reject_A_String_That_Is_Not_Utf8_Instead_Of_Crashing()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Network(GoodRoad).Replace("\"id\": \"r\"", "\"id\": \"r#\"", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xF7;
        var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.Read(new MemoryStream(bytes)));
        Assert.Equal("roads[0].id", e.Element);
        Assert.Contains("must be a non-empty string of UTF-8 text", e.Message);
    }

    [Fact]
    public void Should_Refuse_A_File_Over_The_Size_Limit_Before_Reading_It()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Network(GoodRoad));
            var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.ReadFile(path, CityMesh.Limits.InputLimits.Default with { InputFileBytes = 100 }));
            Assert.Contains($"more than the 100 bytes an input file may have (CityMesh:Limits:InputFileBytes) (in {path})", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Should_Reject_Duplicate_Road_Ids()
    {
        var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.Parse(Network(GoodRoad + "," + GoodRoad)));
        Assert.Equal("roads[1].id", e.Element);
    }

    [Fact]
    public void Should_Say_Which_File_Is_Missing_Or_Malformed()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-roadnet-{Guid.NewGuid():N}.json");
        var notFound = Assert.Throws<FileNotFoundException>(() => CityFlowReader.ReadFile(missing));
        Assert.Contains(missing, notFound.Message);

        var broken = Path.GetTempFileName();
        try
        {
            File.WriteAllText(broken, "{\"intersections\": [], \"roads\": [{}]}");
            var e = Assert.Throws<CityFlowFormatException>(() => CityFlowReader.ReadFile(broken));
            Assert.Equal("roads[0].points", e.Element);
            Assert.Contains(broken, e.Message);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
