using CityMesh.Simulation.Tests.Engine;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Generation;

public sealed class ObservedFlowDemandTests(ITestOutputHelper output)
{
    private static readonly Lazy<TrafficNetwork> Jinan = new(() => CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet));

    [Fact]
    public void Should_Send_About_Flow_Times_Horizon_From_Each_Entry_In_Departure_Order()
    {
        // The four-arm crossing: "{arm}in" start at dead ends, "{arm}out" end at them.
        var net = TestNetworks.Crossing();
        var flows = new Dictionary<string, double> { ["Win"] = 600, ["Ein"] = 300, ["Nin"] = 120, ["Sin"] = 0 };
        const double horizon = 10 * 3600;

        var result = ObservedFlowDemand.Generate(net, flows, horizon, seed: 1);

        Assert.Equal(4, result.EntryRoads);
        Assert.Empty(result.UnobservedEntries);
        Assert.Equal(1020, result.VehiclesPerHour);
        foreach (var (entry, flow) in flows)
        {
            // A Poisson count has σ = √mean; 4σ fails once in ~15,000 runs, and the seed is fixed anyway.
            var expected = flow * horizon / 3600;
            var count = result.Demand.Trips.Count(t => t.Id.StartsWith($"flow_{entry}_", StringComparison.Ordinal));
            Assert.InRange(count, expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));
        }
        var trips = result.Demand.Trips;
        Assert.Equal([VehicleType.DefaultCar], result.Demand.Types);
        Assert.Equal(trips.OrderBy(t => t.Depart).Select(t => t.Id), trips.Select(t => t.Id));
        Assert.Equal(trips.Count, trips.Select(t => t.Id).Distinct().Count());
        Assert.Contains(trips, t => t.Id == "flow_Win_0");
        Assert.All(trips, t =>
        {
            Assert.InRange(t.Depart, 0, horizon - 1e-9);
            Assert.Equal(0, t.Type);
            Assert.Null(t.DepartLane);
            Assert.Null(t.DepartSpeed);
            Assert.Equal(2, t.Route.Count); // in, then out to a dead end
            Assert.Equal(t.Id.Split('_')[1], net.Edges[t.Route[0]].Id);
        });
    }

    [Fact]
    public void Should_Split_Turns_In_Proportion_To_Observed_Flows()
    {
        var net = TestNetworks.Crossing();
        // From the west: right to Sout, straight to Eout, left to Nout.
        var shares = TurnShares(net, new() { ["Win"] = 2000, ["Eout"] = 300, ["Sout"] = 100, ["Nout"] = 0 });
        Assert.InRange(shares["Eout"], 0.73, 0.77); // 3:1, with n ≈ 10,000 σ ≈ 0.4 %
        Assert.InRange(shares["Sout"], 0.23, 0.27);
        Assert.False(shares.ContainsKey("Nout"), "an observed flow of 0 gets nobody");

        // An unobserved road weighs UnobservedTurnFlow: 300 : 100 : 100.
        shares = TurnShares(net, new() { ["Win"] = 2000, ["Eout"] = 300, ["Sout"] = 100 }, new ObservedFlowDemandOptions { UnobservedTurnFlow = 100 });
        Assert.InRange(shares["Eout"], 0.58, 0.62);
        Assert.InRange(shares["Sout"], 0.18, 0.22);
        Assert.InRange(shares["Nout"], 0.18, 0.22);
    }

    [Fact]
    public void Should_Turn_Uniformly_When_Every_Onward_Road_Weighs_Nothing()
    {
        var shares = TurnShares(TestNetworks.Crossing(), new() { ["Win"] = 2000, ["Eout"] = 0, ["Sout"] = 0, ["Nout"] = 0 });
        Assert.Equal(3, shares.Count);
        Assert.All(shares.Values, s => Assert.InRange(s, 1 / 3.0 - 0.02, 1 / 3.0 + 0.02));
    }

    [Fact]
    public void Should_Stop_Where_Every_Onward_Road_Is_Already_On_The_Route_Or_At_The_Longest_Route()
    {
        // in → A, a one-way ring A → B → C → A, and an exit B → X that is observed empty: every route goes round the
        // ring once and stops at A, where its only onward road (ab) is already used.
        var b = new RoadBuilder();
        var (d, a, bj, c, x) = (b.Junction("D", -100, 0, JunctionKind.DeadEnd), b.Junction("A", 0, 0), b.Junction("B", 100, 0),
            b.Junction("C", 50, 100), b.Junction("X", 200, 0, JunctionKind.DeadEnd));
        var (inRoad, ab, bc, ca, exit) = (b.Edge("in", d, a), b.Edge("ab", a, bj), b.Edge("bc", bj, c), b.Edge("ca", c, a), b.Edge("out", bj, x));
        b.Connect(inRoad, 0, ab, 0);
        b.Connect(ab, 0, bc, 0);
        b.Connect(ab, 0, exit, 0);
        b.Connect(bc, 0, ca, 0);
        b.Connect(ca, 0, ab, 0);
        var net = b.Build();
        var flows = new Dictionary<string, double> { ["in"] = 600, ["out"] = 0 };

        var ring = ObservedFlowDemand.Generate(net, flows, 3600, seed: 3);
        var capped = ObservedFlowDemand.Generate(net, flows, 3600, seed: 3, new ObservedFlowDemandOptions { MaxRouteEdges = 2 });

        Assert.NotEmpty(ring.Demand.Trips);
        Assert.All(ring.Demand.Trips, t => Assert.Equal([inRoad, ab, bc, ca], t.Route));
        Assert.All(capped.Demand.Trips, t => Assert.Equal([inRoad, ab], t.Route));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(5)]
    public void Every_Route_On_Jinan_Is_Connected_Never_Repeats_An_Edge_And_Ends_Where_It_Must(int maxRouteEdges)
    {
        var net = Jinan.Value;
        var onward = Onward(net);
        var flows = EveryRoad(net, 300);
        var result = ObservedFlowDemand.Generate(net, flows, 3600, seed: 9, new ObservedFlowDemandOptions { MaxRouteEdges = maxRouteEdges });

        Assert.True(result.EntryRoads > 0);
        Assert.NotEmpty(result.Demand.Trips);
        int atBoundary = 0, atLimit = 0;
        foreach (var trip in result.Demand.Trips)
        {
            var route = trip.Route;
            Assert.Equal(JunctionKind.DeadEnd, net.Junctions[net.Edges[route[0]].From].Kind);
            Assert.Equal(route.Count, route.Distinct().Count());
            Assert.InRange(route.Count, 1, maxRouteEdges);
            for (var k = 0; k + 1 < route.Count; k++)
                Assert.True(onward[route[k]].Contains(route[k + 1]), $"{trip.Id}: {net.Edges[route[k]].Id} does not lead to {net.Edges[route[k + 1]].Id}");
            var last = route[^1];
            if (net.Junctions[net.Edges[last].To].Kind == JunctionKind.DeadEnd) atBoundary++;
            else if (route.Count == maxRouteEdges) atLimit++;
            else Assert.All(onward[last], next => Assert.Contains(next, route)); // stuck: every way on is used
        }
        Assert.True(atBoundary > 0);
        if (maxRouteEdges == 5) Assert.True(atLimit > 0, "some walks should be cut at five edges");
    }

    [Fact]
    public void The_Same_Seed_Gives_The_Same_Trips_In_Any_Dictionary_Order_And_Another_Seed_Different_Ones()
    {
        var net = Jinan.Value;
        var flows = EveryRoad(net, 300);
        var reversed = flows.Reverse().ToDictionary();

        var first = Fingerprint(ObservedFlowDemand.Generate(net, flows, 1800, seed: 5));
        var again = Fingerprint(ObservedFlowDemand.Generate(net, reversed, 1800, seed: 5));
        var other = Fingerprint(ObservedFlowDemand.Generate(net, flows, 1800, seed: 6));

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Unobserved_Entries_Are_Listed_And_Silent_By_Default_And_Flow_At_The_Per_Lane_Rate()
    {
        // Entry "b" (two lanes) starts at a dead end, entry "a" (one lane) at a junction nothing drives into.
        var builder = new RoadBuilder();
        var (dead, source, centre, end) = (builder.Junction("D", 0, -100, JunctionKind.DeadEnd), builder.Junction("S", -100, 0),
            builder.Junction("C", 0, 0), builder.Junction("X", 100, 0, JunctionKind.DeadEnd));
        var (bRoad, aRoad, exit) = (builder.Edge("b", dead, centre, lanes: 2), builder.Edge("a", source, centre), builder.Edge("c", centre, end));
        builder.Connect(bRoad, 0, exit, 0);
        builder.Connect(bRoad, 1, exit, 0);
        builder.Connect(aRoad, 0, exit, 0);
        var net = builder.Build();
        var observed = new Dictionary<string, double> { ["c"] = 500 };

        var silent = ObservedFlowDemand.Generate(net, observed, 3600, seed: 2);
        Assert.Equal(2, silent.EntryRoads);
        Assert.Equal(["a", "b"], silent.UnobservedEntries);
        Assert.Empty(silent.Demand.Trips);
        Assert.Equal(0, silent.VehiclesPerHour);

        const double horizon = 10 * 3600;
        var flowing = ObservedFlowDemand.Generate(net, observed, horizon, seed: 2, new ObservedFlowDemandOptions { UnobservedEntryFlowPerLane = 100 });
        Assert.Equal(["a", "b"], flowing.UnobservedEntries);
        Assert.Equal(300, flowing.VehiclesPerHour);
        foreach (var (entry, perHour) in new[] { ("a", 100.0), ("b", 200.0) })
        {
            var expected = perHour * horizon / 3600;
            var count = flowing.Demand.Trips.Count(t => t.Id.StartsWith($"flow_{entry}_", StringComparison.Ordinal));
            Assert.InRange(count, expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));
        }
        Assert.All(flowing.Demand.Trips, t => Assert.Equal(exit, t.Route[^1]));
    }

    [Theory]
    [InlineData("Win", -1.0)]
    [InlineData("Ein", double.NaN)]
    [InlineData("Nout", double.PositiveInfinity)]
    [InlineData("nowhere", 10.0)] // not an edge of the crossing
    public void A_Bad_Flow_Is_Refused_With_Its_Edge_Named(string edge, double flow)
    {
        var flows = new Dictionary<string, double> { ["Win"] = 10, [edge] = flow };
        var error = Assert.ThrowsAny<ArgumentException>(() => ObservedFlowDemand.Generate(TestNetworks.Crossing(), flows, 3600, seed: 1));
        Assert.Contains($"'{edge}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_Horizon_That_Is_Not_Positive_And_Finite_Is_Refused(double horizon)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ObservedFlowDemand.Generate(TestNetworks.Crossing(), new Dictionary<string, double>(), horizon, seed: 1));
        Assert.Equal("horizonSeconds", error.ParamName);
    }

    [Theory]
    [InlineData(nameof(ObservedFlowDemandOptions.MaxRouteEdges), 0.0)]
    [InlineData(nameof(ObservedFlowDemandOptions.UnobservedTurnFlow), -1.0)]
    [InlineData(nameof(ObservedFlowDemandOptions.UnobservedTurnFlow), double.NaN)]
    [InlineData(nameof(ObservedFlowDemandOptions.UnobservedEntryFlowPerLane), -0.5)]
    [InlineData(nameof(ObservedFlowDemandOptions.UnobservedEntryFlowPerLane), double.PositiveInfinity)]
    public void A_Bad_Option_Is_Refused_With_Its_Name(string setting, double value)
    {
        var options = setting switch
        {
            nameof(ObservedFlowDemandOptions.MaxRouteEdges) => new ObservedFlowDemandOptions { MaxRouteEdges = (int)value },
            nameof(ObservedFlowDemandOptions.UnobservedTurnFlow) => new ObservedFlowDemandOptions { UnobservedTurnFlow = value },
            _ => new ObservedFlowDemandOptions { UnobservedEntryFlowPerLane = value },
        };
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            ObservedFlowDemand.Generate(TestNetworks.Crossing(), new Dictionary<string, double>(), 3600, seed: 1, options));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Hour_Of_300_Vehicles_Per_Hour_On_Every_Jinan_Road_Mostly_Arrives()
    {
        var net = Jinan.Value;
        var result = ObservedFlowDemand.Generate(net, EveryRoad(net, 300), 3600, seed: 42);
        var expected = 300.0 * result.EntryRoads;
        Assert.Equal(expected, result.VehiclesPerHour);
        Assert.InRange(result.Demand.Trips.Count, expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));

        var summary = new TrafficSimulation(net, result.Demand, new TrafficSimulationOptions { Seed = 1, EndTime = 3 * 3600 }).Run().Summary;

        output.WriteLine($"{result.EntryRoads} entries, {summary.TripsTotal} trips, {summary.Arrived} arrived, {summary.Teleports} teleports, " +
            $"mean travel time {summary.MeanTravelTime:F0} s, mean route {result.Demand.Trips.Average(t => t.Route.Count):F1} edges");
        Assert.Equal(result.Demand.Trips.Count, summary.TripsTotal);
        Assert.True(summary.Arrived >= 0.9 * summary.TripsTotal, $"only {summary.Arrived} of {summary.TripsTotal} arrived");
    }

    /// <summary>Generates from the west arm only and returns the share of trips leaving by each exit.</summary>
    private static Dictionary<string, double> TurnShares(TrafficNetwork net, Dictionary<string, double> flows, ObservedFlowDemandOptions? options = null)
    {
        var trips = ObservedFlowDemand.Generate(net, flows, 5 * 3600, seed: 7, options).Demand.Trips;
        Assert.True(trips.Count > 9000);
        return trips.GroupBy(t => net.Edges[t.Route[^1]].Id).ToDictionary(g => g.Key, g => (double)g.Count() / trips.Count);
    }

    private static Dictionary<string, double> EveryRoad(TrafficNetwork net, double flow) => net.Edges.ToDictionary(e => e.Id, _ => flow);

    /// <summary>The edges each edge's lanes connect to, worked out here independently of the generator.</summary>
    private static HashSet<int>[] Onward(TrafficNetwork net)
    {
        var onward = net.Edges.Select(_ => new HashSet<int>()).ToArray();
        foreach (var c in net.Connections) onward[net.Lanes[c.FromLane].Edge].Add(net.Lanes[c.ToLane].Edge);
        return onward;
    }

    /// <summary>Trips compared by value (a record's route list compares by reference).</summary>
    private static List<string> Fingerprint(ObservedDemand result) =>
        result.Demand.Trips.Select(t => $"{t.Id}@{t.Depart:R}:{string.Join(',', t.Route)}").ToList();
}
