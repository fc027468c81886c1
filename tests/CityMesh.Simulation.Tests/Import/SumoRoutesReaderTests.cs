using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>Data/Sumo/grid3.rou.xml: vTypes, named and child routes, vehicles, trips and every kind of flow.</summary>
public sealed class SumoRoutesReaderTests
{
    private static readonly TrafficNetwork Grid = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));
    private static readonly string Routes = TrafficTestData.Data("Sumo", "grid3.rou.xml");
    private readonly TrafficDemand _demand = SumoRoutesReader.Read(Routes, Grid, seed: 7);

    [Fact]
    public void VTypes_keep_their_parameters_and_the_default_type_is_added_when_used()
    {
        Assert.Equal(["car", "bus", "DEFAULT_VEHTYPE"], _demand.Types.Select(t => t.Id));
        Assert.Equal(new VehicleType("car")
        {
            Accel = 2.9, Decel = 7.5, Sigma = 0.3, Length = 4.5, MinGap = 2, MaxSpeed = 40, Tau = 1.2, SpeedFactor = 1.1, SpeedDev = 0.2,
        }, _demand.Types[0]);
        Assert.Equal(new VehicleType("bus")
        {
            Accel = 1.2, Decel = 4, EmergencyDecel = 7, Length = 12, MaxSpeed = 20, SpeedFactor = 0.9, SpeedDev = 0,
        }, _demand.Types[1]);
        Assert.Equal(VehicleType.DefaultCar, _demand.Types[2]);
    }

    [Fact]
    public void Vehicles_take_named_or_child_routes_and_their_departure_options()
    {
        var v0 = Trip("v0");
        Assert.Equal((0, 10.0, (int?)1, (double?)5.5), (v0.Type, v0.Depart, v0.DepartLane, v0.DepartSpeed));
        Assert.Equal(["A0A1", "A1A2"], Ids(v0.Route));
        Assert.Equal(["B0B1", "B1B2", "B2A2"], Ids(Trip("v1").Route));
        Assert.Equal(2, Trip("v1").Type);
        var v2 = Trip("v2");
        Assert.Equal((30.0, (int?)null, (double?)null), (v2.Depart, v2.DepartLane, v2.DepartSpeed)); // depart="0:0:30", best, max
    }

    [Fact]
    public void Trips_are_routed_through_their_via_edges()
    {
        var t0 = Ids(Trip("t0").Route);
        Assert.Equal(("A0B0", "C1C2", 4), (t0[0], t0[^1], t0.Length)); // a shortest way across the grid is four blocks
        var t1 = Ids(Trip("t1").Route);
        Assert.Equal(("A0A1", "C2C1"), (t1[0], t1[^1]));
        Assert.Contains("B1B2", t1);
        Assert.Equal(((int?)null, (double?)null), (Trip("t1").DepartLane, Trip("t1").DepartSpeed)); // free, desired
    }

    [Fact]
    public void Flows_expand_by_rate_number_period_and_probability()
    {
        Assert.Equal([0.0, 20, 40, 60, 80], Departs("f0"));            // 180 veh/h over [0, 100)
        Assert.Equal([20.0, 30, 40, 50], Departs("f1"));               // 4 spread over [20, 60)
        Assert.Equal([0.0, 10, 20, 30, 40], Departs("f2"));            // every 10 s over [0, 50)
        Assert.Equal(["f1.0", "f1.1", "f1.2", "f1.3"], _demand.Trips.Where(t => t.Id.StartsWith("f1.")).Select(t => t.Id));
        // Free-flow time on edges alone: via B1 (179.2 m edges) beats via A0 (183.2 m). duarouter, which also counts
        // the time across junctions, goes via A0 instead.
        Assert.Equal(["C0B0", "B0B1", "B1A1", "A1A2"], Ids(Trip("f1.0").Route));
        Assert.Equal(["B2B1", "B1B0"], Ids(Trip("f2.3").Route));

        var f3 = Departs("f3");                                         // p = 0.1 each second over [0, 1000)
        Assert.InRange(f3.Length, 60, 140);
        Assert.All(f3, t => Assert.Equal(Math.Floor(t), t));
        Assert.Equal(f3, Departs("f3", SumoRoutesReader.Read(Routes, Grid, seed: 7)));
        Assert.NotEqual(f3, Departs("f3", SumoRoutesReader.Read(Routes, Grid, seed: 8)));
        Assert.Equal(3 + 2 + 5 + 4 + 5 + f3.Length, _demand.Trips.Count);
    }

    [Fact]
    public void Trips_are_sorted_by_departure_keeping_file_order_and_every_route_is_connected()
    {
        Assert.True(_demand.Trips.Zip(_demand.Trips.Skip(1)).All(p => p.First.Depart <= p.Second.Depart));
        var atFive = _demand.Trips.Where(t => t.Depart == 5).Select(t => t.Id).ToList();
        Assert.Equal(["t0", "t1"], atFive.Where(id => id.StartsWith('t')));
        Assert.Equal(["f0.0", "f2.0"], _demand.Trips.Where(t => t.Depart == 0 && !t.Id.StartsWith("f3")).Select(t => t.Id));
        var graph = new EdgeGraph(Grid);
        Assert.All(_demand.Trips, t => Assert.True(t.Route.Zip(t.Route.Skip(1)).All(p => graph.Leads(p.First, p.Second)), t.Id));
    }

    private Trip Trip(string id) => _demand.Trips.Single(t => t.Id == id);

    private double[] Departs(string flow, TrafficDemand? demand = null) =>
        (demand ?? _demand).Trips.Where(t => t.Id.StartsWith(flow + ".")).Select(t => t.Depart).Order().ToArray();

    private static string[] Ids(IReadOnlyList<int> route) => route.Select(e => Grid.Edges[e].Id).ToArray();
}
