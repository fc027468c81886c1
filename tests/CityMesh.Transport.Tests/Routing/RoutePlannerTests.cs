using CityMesh.Transport.Network;
using CityMesh.Transport.Routing;

namespace CityMesh.Transport.Tests.Routing;

public sealed class RoutePlannerTests
{
    private static readonly DateTimeOffset Departure = JinanRoads.ReadAt.AddMinutes(1);
    private static readonly Simulation.Traffic.Model.TrafficNetwork Roads = JinanRoads.Read();

    [Fact]
    public void A_slowed_road_is_avoided_when_another_route_exists()
    {
        // Two two-road routes join opposite corners of a block; on free flow the router takes one of them.
        var planner = new RoutePlanner();
        var before = Plan(planner, JinanRoads.Network(Roads), "intersection_1_1", "intersection_2_2", "fleet");
        Assert.Equal(2, before.Roads.Count);
        var taken = Local(before.Roads[0].Road);

        var jammed = JinanRoads.Network(Roads, new Dictionary<string, RoadReading>
        {
            [taken] = new("detector_" + taken, 1500, 3, 0.8, JinanRoads.ReadAt),
        });
        var after = Plan(planner, jammed, "intersection_1_1", "intersection_2_2", "fleet");

        Assert.DoesNotContain(JinanRoads.Road(taken), after.Roads.Select(l => l.Road));
        Assert.Equal(2, after.Roads.Count);
        Assert.All(after.Roads, l => Assert.Equal("freeFlow", l.Basis));
        Assert.True(after.EtaSeconds < before.EtaSeconds + before.Roads[0].TravelSeconds * (40 / 5.0 - 1),
            "the other side of the block beats crawling the jammed road");
    }

    [Fact]
    public void A_stale_reading_falls_back_to_free_flow_and_a_fresh_one_is_live()
    {
        var network = JinanRoads.Network(Roads, new Dictionary<string, RoadReading>
        {
            ["road_1_1_0"] = new("d1", 600, 20, 0.1, JinanRoads.ReadAt),
            ["road_2_1_0"] = new("d2", 600, 5, 0.5, JinanRoads.ReadAt.AddHours(-1)),
        });
        var plan = Plan(new RoutePlanner(), network, "intersection_1_1", "intersection_3_1", "fleet");

        Assert.Equal(["live", "freeFlow"], plan.Roads.Select(l => l.Basis));
        Assert.Equal(20, plan.Roads[0].SpeedKmh);
        Assert.Equal(Math.Round(11.111 * 3.6, 1), plan.Roads[1].SpeedKmh);
        Assert.Equal(Math.Round(Roads.Edges[Roads.EdgeIndex["road_1_1_0"]].Length / (20 / 3.6), 1), plan.Roads[0].TravelSeconds);
    }

    [Fact]
    public void A_standing_queue_is_slow_not_endless()
    {
        var network = JinanRoads.Network(Roads, new Dictionary<string, RoadReading>
        {
            ["road_1_1_0"] = new("d1", 0, 0, 1, JinanRoads.ReadAt),
        });
        var plan = Plan(new RoutePlanner(), network, JinanRoads.Road("road_1_1_0"), JinanRoads.Road("road_1_1_0"), "fleet", byRoad: true);

        Assert.Equal(5, plan.Roads[0].SpeedKmh);
        Assert.True(double.IsFinite(plan.EtaSeconds));
    }

    [Fact]
    public void Emergency_vehicles_are_never_slower_and_pre_empt_every_signal_they_cross()
    {
        var network = JinanRoads.Network(Roads);
        var planner = new RoutePlanner();
        var fleet = Plan(planner, network, "intersection_1_1", "intersection_4_3", "fleet");
        var emergency = Plan(planner, network, "intersection_1_1", "intersection_4_3", "emergency");

        Assert.True(emergency.EtaSeconds < fleet.EtaSeconds, $"emergency {emergency.EtaSeconds} s, fleet {fleet.EtaSeconds} s");
        Assert.Empty(fleet.Preempt);
        // Every road but the last ends at a signalised junction the vehicle crosses.
        Assert.Equal(emergency.Roads.Count - 1, emergency.Preempt.Count);
        for (var i = 0; i < emergency.Preempt.Count; i++)
        {
            var p = emergency.Preempt[i];
            var leg = emergency.Roads[i];
            Assert.Equal(leg.Road, p.Approach);
            Assert.Equal(Math.Round(leg.EnterSeconds + leg.TravelSeconds, 1), p.ArrivalSeconds, 0.11);
            Assert.Equal(Departure.AddSeconds(p.ArrivalSeconds), p.ArrivalAt);
            var end = Roads.Junctions[Roads.Edges[Roads.EdgeIndex[Local(leg.Road)]].To].Id;
            Assert.Equal(JinanRoads.Intersection(end), p.Intersection);
            Assert.Equal(JinanRoads.SignalId(end), p.Signal);
        }
    }

    [Fact]
    public void Eta_is_the_sum_of_the_legs_and_arrival_follows_departure()
    {
        var plan = Plan(new RoutePlanner(), JinanRoads.Network(Roads), "intersection_1_1", "intersection_4_3", "fleet");

        Assert.Equal(plan.Roads.Sum(l => l.TravelSeconds + l.JunctionDelaySeconds), plan.EtaSeconds, 0.5);
        Assert.Equal(Departure.AddSeconds(plan.EtaSeconds), plan.ArrivalAt);
        Assert.Equal(0, plan.Roads[^1].JunctionDelaySeconds);
        Assert.All(plan.Roads, l => Assert.True(l.JunctionDelaySeconds >= 0));
        Assert.True(plan.Roads.Count(l => l.JunctionDelaySeconds > 0) >= plan.Roads.Count / 2, "a fleet vehicle expects reds where it crosses");
        Assert.Equal(plan.Roads.Sum(l => Roads.Edges[Roads.EdgeIndex[Local(l.Road)]].Length), plan.DistanceMetres, 0.5);
    }

    [Theory]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_9_9", null, "fleet", 404, "from.intersection")]
    [InlineData("urn:ngsi-ld:Intersection:lisbon:intersection_1_1", null, "fleet", 404, "from.intersection")]
    [InlineData(null, "urn:ngsi-ld:RoadSegment:jinan:road_9", "fleet", 404, "from.road")]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_1_1", "urn:ngsi-ld:RoadSegment:jinan:road_1_1_0", "fleet", 400, "from")]
    [InlineData(null, null, "fleet", 400, "from")]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_1_1", null, "bicycle", 400, "vehicle")]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_1_1", null, null, 400, "vehicle")]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_4_3", null, "fleet", 400, "to")]
    public void Bad_requests_name_the_field(string? intersection, string? road, string? vehicle, int status, string field)
    {
        var request = new RouteRequest(new RoutePlace(intersection, road, null),
            new RoutePlace(JinanRoads.Intersection("intersection_4_3"), null, null), vehicle, Departure);
        var result = new RoutePlanner().Plan(JinanRoads.Network(Roads), request);

        Assert.Null(result.Plan);
        Assert.Equal((status, field), (result.Problem!.Status, result.Problem.Field));
    }

    [Fact]
    public void A_point_is_refused_until_roads_have_geometry()
    {
        var request = new RouteRequest(new RoutePlace(null, null, new GeoPoint(36.66, 117.0)),
            new RoutePlace(JinanRoads.Intersection("intersection_4_3"), null, null), "fleet", Departure);
        var result = new RoutePlanner().Plan(JinanRoads.Network(Roads), request);

        Assert.Equal((400, "from.point"), (result.Problem!.Status, result.Problem.Field));
    }

    [Fact]
    public void An_unreachable_destination_is_unprocessable()
    {
        // Every road leaving the network ends at a boundary dead end with nothing onwards.
        var request = new RouteRequest(new RoutePlace(null, JinanRoads.Road("road_4_3_0"), null),
            new RoutePlace(JinanRoads.Intersection("intersection_1_1"), null, null), "fleet", Departure);
        var result = new RoutePlanner().Plan(JinanRoads.Network(Roads), request);

        Assert.Equal((422, "to"), (result.Problem!.Status, result.Problem.Field));
    }

    private static string Local(string entityId) => entityId[(entityId.LastIndexOf(':') + 1)..];

    private static RoutePlan Plan(RoutePlanner planner, TransportNetwork network, string from, string to, string vehicle, bool byRoad = false)
    {
        var request = byRoad
            ? new RouteRequest(new RoutePlace(null, from, null), new RoutePlace(null, to, null), vehicle, Departure)
            : new RouteRequest(new RoutePlace(JinanRoads.Intersection(from), null, null), new RoutePlace(JinanRoads.Intersection(to), null, null), vehicle, Departure);
        var result = planner.Plan(network, request);
        return result.Plan ?? throw new Xunit.Sdk.XunitException($"no plan: {result.Problem}");
    }
}
