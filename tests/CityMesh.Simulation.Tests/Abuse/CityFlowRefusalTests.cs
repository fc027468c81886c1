using System.Text.Json.Nodes;
using CityMesh.Limits;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>
/// CityFlow roadnet and flow JSON with wrong types, nulls, missing fields, absurd values and absurd sizes, each
/// refused with the file and the JSON path. The base is the Jinan set in shared/data/traffic with one edit.
/// </summary>
public sealed class CityFlowRefusalTests : IDisposable
{
    private static readonly string Roadnet = File.ReadAllText(TrafficTestData.JinanRoadnet);
    private static readonly Lazy<TrafficNetwork> Jinan = new(() => CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet));
    private readonly ScratchFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("-5", "roads[0].lanes[0].maxSpeed is -5; a speed must be positive and at most 150 m/s")]
    [InlineData("0", "roads[0].lanes[0].maxSpeed is 0; a speed must be positive and at most 150 m/s")]
    [InlineData("1e308", "roads[0].lanes[0].maxSpeed is 1e308; a speed must be positive and at most 150 m/s")]
    [InlineData("\"fast\"", "roads[0].lanes[0].maxSpeed must be a number, not \"fast\"")]
    [InlineData("null", "roads[0].lanes[0].maxSpeed must be a number, not null")]
    public void A_bad_lane_speed_is_refused_naming_its_path(string value, string message)
    {
        var e = RefusedRoadnet(root => root["roads"]![0]!["lanes"]![0]!["maxSpeed"] = JsonNode.Parse(value));
        Assert.Contains($"roadnet.json: {message}", e.Message);
    }

    [Fact]
    public void A_road_of_zero_length_is_refused()
    {
        var e = RefusedRoadnet(root =>
        {
            var points = root["roads"]![0]!["points"]!.AsArray();
            points[1] = points[0]!.DeepClone();
            while (points.Count > 2) points.RemoveAt(2);
        });
        Assert.Contains("roads[0].points make a road 0 m long; a lane length must be positive and at most 100000 m", e.Message);
    }

    [Fact]
    public void Light_phases_of_zero_seconds_in_all_are_refused()
    {
        var index = -1;
        var e = RefusedRoadnet(root =>
        {
            var intersections = root["intersections"]!.AsArray();
            index = intersections.Select((node, i) => (node, i)).First(p => p.node!["virtual"]!.GetValue<bool>() == false).i;
            foreach (var phase in intersections[index]!["trafficLight"]!["lightphases"]!.AsArray()) phase!["time"] = 0;
        });
        Assert.Contains($"intersections[{index}].trafficLight.lightphases has 9 phases that last 0 s in all; a cycle must last more than 0 s", e.Message);
    }

    [Theory]
    [InlineData("points", "\"abc\"", "roads[0].points must be an array, not \"abc\"")]
    [InlineData("lanes", "null", "roads[0].lanes must be an array, not null")]
    [InlineData("lanes", "{}", "roads[0].lanes must be an array, not an object")]
    [InlineData("id", "7", "roads[0].id must be a string, not 7")]
    [InlineData("id", "\"\"", "roads[0].id must not be empty")]
    public void Wrong_types_and_nulls_are_refused_naming_their_path(string field, string value, string message)
    {
        var e = RefusedRoadnet(root => root["roads"]![0]![field] = JsonNode.Parse(value));
        Assert.Contains($"roadnet.json: {message}", e.Message);
    }

    [Fact]
    public void A_missing_field_is_refused_naming_its_path()
    {
        var e = RefusedRoadnet(root => root["roads"]![0]!.AsObject().Remove("startIntersection"));
        Assert.Contains("roadnet.json: roads[0].startIntersection is missing", e.Message);
    }

    [Fact]
    public void Road_links_that_are_not_an_array_are_refused()
    {
        var e = RefusedRoadnet(root =>
        {
            var intersection = root["intersections"]!.AsArray().First(node => node!["virtual"]!.GetValue<bool>() == false)!;
            intersection["roadLinks"] = 5;
        });
        Assert.Matches(@"intersections\[\d+\]\.roadLinks must be an array, not 5", e.Message);
    }

    [Fact]
    public void A_huge_lanes_array_is_refused_by_its_count()
    {
        var e = RefusedRoadnet(root =>
        {
            var lanes = root["roads"]![0]!["lanes"]!.AsArray();
            while (lanes.Count < 1000) lanes.Add(lanes[0]!.DeepClone());
        });
        Assert.Contains("roads[0].lanes has 1,000 lanes; a road has 1 to 64", e.Message);
    }

    [Fact]
    public void A_duplicate_road_id_is_refused()
    {
        var e = RefusedRoadnet(root => root["roads"]![1]!["id"] = root["roads"]![0]!["id"]!.GetValue<string>());
        Assert.Contains("roads[1].id '", e.Message);
        Assert.Contains("' is a duplicate road id", e.Message);
    }

    [Fact]
    public void A_flow_asking_for_billions_of_vehicles_is_refused_by_counting()
    {
        var flow = JsonNode.Parse(File.ReadAllText(TrafficTestData.JinanFlow))!.AsArray();
        var first = flow[0]!.DeepClone();
        first["startTime"] = 0;
        first["endTime"] = 3600;
        first["interval"] = 0.000001;
        var path = _files.Write("flow.json", new JsonArray(first).ToJsonString());
        var e = Assert.Throws<TrafficImportException>(() => CityFlowFlowReader.Read(path, Jinan.Value));
        Assert.Contains("flow.json: [0] asks for 3,600,000,001 vehicles, which brings the demand to 3,600,000,001, " +
                        "more than the 5,000,000 a simulation may have (CityMesh:Limits:VehiclesPerSimulation)", e.Message);
    }

    [Theory]
    [InlineData("vehicle", "5", "[0].vehicle must be an object, not 5")]
    [InlineData("route", "null", "[0].route must be an array, not null")]
    [InlineData("interval", "0", "[0].interval is 0; an interval must be positive and at most 31536000 s")]
    [InlineData("startTime", "-1", "[0].startTime is -1; a time must be between 0 and 31536000 s")]
    public void A_bad_flow_field_is_refused_naming_its_path(string field, string value, string message)
    {
        var flow = JsonNode.Parse(File.ReadAllText(TrafficTestData.JinanFlow))!.AsArray();
        var first = flow[0]!.DeepClone();
        first[field] = JsonNode.Parse(value);
        var path = _files.Write("flow.json", new JsonArray(first).ToJsonString());
        var e = Assert.Throws<TrafficImportException>(() => CityFlowFlowReader.Read(path, Jinan.Value));
        Assert.Contains($"flow.json: {message}", e.Message);
    }

    [Fact]
    public void Json_nested_past_the_depth_limit_is_refused()
    {
        var path = _files.Write("roadnet.json", new string('[', 100) + new string(']', 100));
        var e = Assert.Throws<TrafficImportException>(() => CityFlowNetworkReader.Read(path));
        Assert.Contains("roadnet.json: line 1", e.Message);
        Assert.Contains("malformed JSON", e.Message);
    }

    private TrafficImportException RefusedRoadnet(Action<JsonNode> edit)
    {
        var root = JsonNode.Parse(Roadnet)!;
        edit(root);
        var path = _files.Write("roadnet.json", root.ToJsonString());
        var e = Assert.Throws<TrafficImportException>(() => CityFlowNetworkReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}
