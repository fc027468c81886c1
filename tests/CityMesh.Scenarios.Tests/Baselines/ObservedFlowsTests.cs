using CityMesh.Scenarios.Baselines;
using CityMesh.Twin.Client;
using static CityMesh.Scenarios.Tests.Baselines.TwinEntitiesFixture;

namespace CityMesh.Scenarios.Tests.Baselines;

public sealed class ObservedFlowsTests
{
    [Fact]
    public void Should_Take_Recent_Readings_By_Road_And_Count_Stale_And_Silent_Detectors()
    {
        var twin = City(null, null, null,
            Detector("in", 420, "2026-11-21T08:00:00Z"),
            Detector("out", 380, "2026-11-21T07:40:00Z"),   // 20 minutes before the newest reading
            Detector("side", null, null));

        var flows = ObservedFlows.Of(twin, TimeSpan.FromMinutes(15));

        Assert.Equal(new Dictionary<string, double> { ["in"] = 420 }, flows.ByRoad);
        Assert.Equal((3, 1, 1), (flows.Detectors, flows.Stale, flows.Silent));
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), flows.Newest);
    }

    [Fact]
    public void Should_Measure_Age_From_The_Newest_Reading_Not_The_Wall_Clock()
    {
        // An accelerated city clock: readings far in the future are still fresh against each other.
        var twin = City(null, null, null, Detector("in", 100, "2031-01-01T00:00:00Z"), Detector("out", 200, "2031-01-01T00:10:00Z"));

        Assert.Equal(2, ObservedFlows.Of(twin, TimeSpan.FromMinutes(15)).ByRoad.Count);
    }

    [Fact]
    public void Should_Keep_The_Later_Reading_When_Two_Detectors_Watch_One_Road()
    {
        var second = Detector("in", 900, "2026-11-21T08:05:00Z").Replace("TrafficFlowObserved:t:in", "TrafficFlowObserved:t:in-2");

        var flows = ObservedFlows.Of(City(null, null, null, Detector("in", 300, "2026-11-21T08:00:00Z"), second), TimeSpan.FromHours(1));

        Assert.Equal(900, flows.ByRoad["in"]);
    }

    [Fact]
    public void Should_Leave_Out_The_Detector_Of_A_Closed_Road_Whose_Road_Is_Not_In_The_Network()
    {
        var closedIn = Road(In, West, Centre, 117.0, 117.001).Replace("\"maxSpeed\"", "\"status\":{\"type\":\"Property\",\"value\":\"closed\"},\"maxSpeed\"");
        var twin = City(null, closedIn, null, Detector("in", 300, "2026-11-21T08:00:00Z"), Detector("out", 200, "2026-11-21T08:00:00Z"));

        var flows = ObservedFlows.Of(twin, TimeSpan.FromHours(1));

        Assert.Equal(new Dictionary<string, double> { ["out"] = 200 }, flows.ByRoad);
        // And the demand built from them runs on the network without the road (it named an edge that was gone before).
        var network = CityMesh.Simulation.Traffic.Import.CityFlowNetworkReader.Read(
            System.Text.Json.JsonDocument.Parse(CityMesh.Twin.Client.Traffic.TwinRoadnet.ToCityFlow(twin).ToJsonString()).RootElement, "closed");
        Assert.All(flows.ByRoad.Keys, road => Assert.True(network.EdgeIndex.ContainsKey(road), road));
    }

    [Theory]
    [InlineData("in", -5, "intensity", "is not a flow 2 lane(s) can carry")]
    [InlineData("in", 7201, "intensity", "(0..7200)")] // two lanes, at most one vehicle a second each
    [InlineData("gone", 300, "refRoadSegment", "urn:ngsi-ld:RoadSegment:t:gone, which the twin does not hold")]
    public void Should_Refuse_A_Reading_No_Road_Could_Give_Naming_The_Detector(string road, double flow, string attribute, string reason)
    {
        var e = Assert.Throws<TwinDataException>(() => ObservedFlows.Of(City(null, null, null, Detector(road, flow, "2026-11-21T08:00:00Z")), TimeSpan.FromHours(1)));

        Assert.Equal(($"urn:ngsi-ld:TrafficFlowObserved:t:{road}", attribute), (e.EntityId, e.Attribute));
        Assert.Contains(reason, e.Message);
    }
}
