using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Transport.Network;
using CityMesh.Transport.Tests.Support;
using CityMesh.Twin.Client;

namespace CityMesh.Transport.Tests.Routing;

/// <summary>
/// A road closed in the twin (its <c>status</c> closed, as an approved flood closure leaves it) is not in transport's
/// network (so no route can use it): one road fewer, and no reading kept for its detector.
/// </summary>
public sealed class ClosedRoadTests
{
    [Fact]
    public void A_closed_road_leaves_the_network_with_its_readings()
    {
        var open = JinanTwin.Network(_ => 300);
        var road = open.Roads.Edges.First(e => open.Readings.ContainsKey(e.Id)).Id;
        var closedTwin = JinanTwin.Entities with { Roads = [.. JinanTwin.Entities.Roads.Select(r => Close(r, road))] };
        var withDetectorReadings = closedTwin with { Detectors = [.. closedTwin.Detectors.Select(WithFlow)] };

        var closed = TransportNetworks.Build(withDetectorReadings);

        Assert.Equal(open.Roads.Edges.Count - 1, closed.Roads.Edges.Count);
        Assert.False(closed.Roads.EdgeIndex.ContainsKey(road));
        Assert.NotEmpty(closed.Readings);
        Assert.DoesNotContain(road, closed.Readings.Keys);
        Assert.All(closed.Readings.Keys, r => Assert.True(closed.Roads.EdgeIndex.ContainsKey(r), r));
    }

    private static JsonElement Close(JsonElement road, string local)
    {
        if (!new NgsiEntity(road).Id.EndsWith(":" + local, StringComparison.Ordinal)) return road;
        var node = JsonNode.Parse(road.GetRawText())!.AsObject();
        node["status"] = new JsonObject { ["type"] = "Property", ["value"] = "closed" };
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    private static JsonElement WithFlow(JsonElement detector)
    {
        var node = JsonNode.Parse(detector.GetRawText())!.AsObject();
        node["intensity"] = new JsonObject { ["type"] = "Property", ["value"] = 420, ["observedAt"] = "2026-12-07T08:00:00Z" };
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }
}
