using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Routing;

namespace CityMesh.Simulation.Tests.Air;

/// <summary>
/// Two ways from home to school: straight past a hot spot (1000 m at 100 µg/m³) or round by the park (two legs of
/// 700 m at 10 µg/m³). At 1.3 m/s: exposure 1000/4680 h × 100 = 21.37 µg·h/m³ straight, 1400/4680 × 10 = 2.99 round.
/// </summary>
public sealed class ExposureRoutingTests
{
    private static readonly LocalMetres Metres = new(117.02, 36.66);

    private static WalkGraph TwoWays()
    {
        var points = new[] { (0.0, 0.0), (1000.0, 0.0), (500.0, 490.0) }.Select(p => Metres.ToGeo(p.Item1, p.Item2)).ToArray();
        return WalkGraph.Build(["home", "school", "park"], [.. points.Select(p => p.Longitude)], [.. points.Select(p => p.Latitude)],
            [0, 0, 2], [1, 2, 1], [1000, 700, 700]);
    }

    private static readonly double[] Concentrations = [100, 10, 10];

    [Fact]
    public void The_least_exposed_walk_goes_round_the_hot_spot_with_the_exposure_worked_by_hand()
    {
        var router = new ExposureRouter(TwoWays(), new ExposureRoutingOptions { MaxDetour = 1.5 });
        var plan = router.Plan(0, 1, Concentrations);
        Assert.Equal(["home", "school"], plan.Shortest.Nodes);
        Assert.Equal(["home", "park", "school"], plan.LeastExposed.Nodes);
        Assert.Equal(1000 / 4680.0 * 100, plan.Shortest.Exposure, 1e-9);
        Assert.Equal(1400 / 4680.0 * 10, plan.LeastExposed.Exposure, 1e-9);
        Assert.Equal(1400 / 1.3 / 60, plan.LeastExposed.WalkingMinutes, 1e-9);
        Assert.Equal(10, plan.LeastExposed.MeanConcentration, 1e-9);
        Assert.Equal(plan.LeastExposed.Exposure * 1.5, plan.LeastExposed.InhaledMicrograms, 1e-9);
        Assert.False(plan.DetourCapped);
        Assert.Equal(3, plan.LeastExposed.Coordinates.Count);
        Assert.Equal([1, 2], plan.LeastExposed.Edges); // walked park → school against the edge's direction: two-way
    }

    [Fact]
    public void A_detour_beyond_the_cap_falls_back_to_the_best_walk_within_it_and_says_so()
    {
        var router = new ExposureRouter(TwoWays(), new ExposureRoutingOptions { MaxDetour = 1.3 });
        var plan = router.Plan(0, 1, Concentrations);
        Assert.True(plan.DetourCapped);
        Assert.Equal(["home", "school"], plan.LeastExposed.Nodes);
        Assert.Contains("more than 1.3 times", plan.Note);
    }

    [Fact]
    public void An_unreachable_end_is_named()
    {
        var points = new[] { Metres.ToGeo(0, 0), Metres.ToGeo(100, 0), Metres.ToGeo(0, 500) };
        var graph = WalkGraph.Build(["home", "shop", "school"], [.. points.Select(p => p.Longitude)], [.. points.Select(p => p.Latitude)], [0], [1], [100]);
        var e = Assert.Throws<RouteNotFoundException>(() => new ExposureRouter(graph).Plan(0, 2, [10.0]));
        Assert.Equal("school", e.To);
        Assert.Contains("'school'", e.Message);
    }

    [Fact]
    public void Bad_arrays_are_refused_naming_the_entry()
    {
        var e = Assert.Throws<ArgumentException>(() => WalkGraph.Build(null, [0, 0.001], [0, 0], [0, 1], [1, 7], [10, 10]));
        Assert.Contains("edges[1].to 7", e.Message);
        e = Assert.Throws<ArgumentException>(() => WalkGraph.Build(null, [0, 0.001], [0, 0], [0], [1], [-3]));
        Assert.Contains("edges[0].length", e.Message);
    }

    [Fact]
    public void Sampled_along_edges_from_a_field_and_never_more_exposed_than_the_shortest_on_random_streets()
    {
        // A 12 × 12 street grid with lengths 0–30 % over the chord and a field with random hot spots, 30 times:
        // the Lagrangian search must never return a walk more exposed than the shortest or longer than the cap.
        var random = new Random(9);
        const int side = 12;
        var points = Enumerable.Range(0, side * side).Select(n => Metres.ToGeo(n % side * 100, n / side * 100)).ToArray();
        var from = new List<int>();
        var to = new List<int>();
        var length = new List<double>();
        for (var n = 0; n < side * side; n++)
        {
            if (n % side + 1 < side) { from.Add(n); to.Add(n + 1); length.Add(100 * (1 + 0.3 * random.NextDouble())); }
            if (n / side + 1 < side) { from.Add(n); to.Add(n + side); length.Add(100 * (1 + 0.3 * random.NextDouble())); }
        }
        var graph = WalkGraph.Build(null, [.. points.Select(p => p.Longitude)], [.. points.Select(p => p.Latitude)], [.. from], [.. to], [.. length]);
        var router = new ExposureRouter(graph, new ExposureRoutingOptions { MaxDetour = 1.2 });
        for (var trial = 0; trial < 30; trial++)
        {
            var stations = Enumerable.Range(0, 5).Select(i => new AirStationValue($"s{i}", points[random.Next(points.Length)].Longitude,
                points[random.Next(points.Length)].Latitude, 5 + 100 * random.NextDouble())).ToArray();
            var concentrations = router.EdgeConcentrations(new AirField(stations));
            var plan = router.Plan(random.Next(points.Length), random.Next(points.Length), concentrations);
            Assert.True(plan.LeastExposed.Exposure <= plan.Shortest.Exposure * (1 + 1e-12), $"trial {trial}: {plan.LeastExposed.Exposure} > {plan.Shortest.Exposure}");
            Assert.True(plan.LeastExposed.LengthMetres <= 1.2 * plan.Shortest.LengthMetres * (1 + 1e-12), $"trial {trial}: detour {plan.LeastExposed.LengthMetres / plan.Shortest.LengthMetres}");
        }
        // A field with no value along an edge is named.
        var sparse = new AirField([new AirStationValue("s", points[0].Longitude, points[0].Latitude, 10)], new AirFieldOptions { RadiusMetres = 150 });
        Assert.Contains("edges[", Assert.Throws<ArgumentException>(() => router.EdgeConcentrations(sparse)).Message);
    }
}
