using CityMesh.Contracts.Geo;
using static CityMesh.Sensors.Tests.Streets;

namespace CityMesh.Sensors.Tests;

/// <summary>Ways found on road networks written by hand, where the right way and its length can be worked out.</summary>
public sealed class RoadGraphTests
{
    /// <summary>Two blocks by two, 500 m a side.</summary>
    private static readonly RoadLine[] Blocks = Grid([At(0, 0).Longitude, At(500, 0).Longitude, At(1000, 0).Longitude], [At(0, 0).Latitude, At(0, 500).Latitude, At(0, 1000).Latitude]);

    [Fact]
    public void The_way_across_a_grid_runs_along_its_streets_either_way_and_is_as_long_as_the_blocks_it_passes()
    {
        var graph = new RoadGraph(Blocks);
        Assert.Equal((9, 12), (graph.NodeCount, graph.EdgeCount));
        var (from, to) = (At(0, 0), At(1000, 1000));
        // Forward along the one-way roads, and back against them: an ambulance may take a street either way.
        foreach (var (a, b) in new[] { (from, to), (to, from) })
        {
            var leg = graph.Route(a, b)!;
            Assert.True(leg.OnRoads);
            Assert.Equal(Manhattan(a, b), leg.Length, 0.01);
            Assert.True(GeoMath.HaversineMetres(leg.Start, a) < 1e-6 && GeoMath.HaversineMetres(leg.End, b) < 1e-6);
            Assert.All(Along(leg, 5), p => Assert.True(MetresToRoads(Blocks, p) < 0.01, $"{p} is {MetresToRoads(Blocks, p):0.00} m off the roads"));
        }
    }

    [Fact]
    public void The_shortest_way_is_taken_not_the_one_with_fewest_roads()
    {
        // From A to B: three roads round the north (about 1121 m), or two round the south (about 1720 m), listed first.
        var (a, b) = (At(0, 0), At(1000, 0));
        var (north1, north2, south) = (At(300, 200), At(700, 200), At(500, -700));
        var graph = new RoadGraph([Road(a, south), Road(south, b), Road(a, north1), Road(north1, north2), Road(north2, b)]);

        var leg = graph.Route(a, b)!;
        var northern = GeoMath.HaversineMetres(a, north1) + GeoMath.HaversineMetres(north1, north2) + GeoMath.HaversineMetres(north2, b);
        Assert.Equal(northern, leg.Length, 0.01);
        var points = Enumerable.Range(0, leg.PointCount).Select(leg.Point).ToArray();
        Assert.Contains(points, p => GeoMath.HaversineMetres(p, north1) < 0.01);
        Assert.DoesNotContain(points, p => GeoMath.HaversineMetres(p, south) < 100);
    }

    [Fact]
    public void A_place_off_the_roads_joins_them_at_the_nearest_point_of_the_nearest_road()
    {
        // A street along the parallel with a side street north; the places lie 30 m north and 20 m south of the street.
        var graph = new RoadGraph([Road(At(0, 0), At(500, 0)), Road(At(500, 0), At(1000, 0)), Road(At(500, 0), At(500, 400))]);
        var (from, to) = (At(200, 30), At(800, -20));

        var leg = graph.Route(from, to)!;
        Assert.Equal(from, leg.Start);
        Assert.True(GeoMath.HaversineMetres(leg.Point(1), At(200, 0)) < 0.1, $"joins the street at {leg.Point(1)}");
        Assert.True(GeoMath.HaversineMetres(leg.Point(leg.PointCount - 2), At(800, 0)) < 0.1);
        Assert.Equal(to, leg.End);
        Assert.Equal(30 + 600 + 20, leg.Length, 0.5);
    }

    [Fact]
    public void Two_places_on_one_road_are_joined_along_it_and_places_nearer_each_other_than_the_roads_directly()
    {
        var graph = new RoadGraph(Blocks);
        var along = graph.Route(At(100, 0), At(400, 0))!;
        Assert.True(along.OnRoads);
        Assert.Equal(300, along.Length, 0.5);

        // 200 m off the grid, 50 m apart: the roads would be a detour of 400 m.
        var (a, b) = (At(-200, 250), At(-200, 300));
        var direct = graph.Route(a, b)!;
        Assert.False(direct.OnRoads);
        Assert.Equal(GeoMath.HaversineMetres(a, b), direct.Length, 1e-6);
    }

    [Fact]
    public void Places_on_roads_that_do_not_meet_have_no_way_and_a_city_without_roads_none_at_all()
    {
        // An island street 2 km east of the blocks, joined to none of them.
        var graph = new RoadGraph([.. Blocks, Road(At(3000, 0), At(3000, 500))]);
        Assert.Null(graph.Route(At(0, 0), At(3000, 250)));
        Assert.NotNull(graph.Route(At(0, 0), At(1000, 1000)));
        Assert.Null(RoadGraph.Empty.Route(At(0, 0), At(1000, 1000)));
    }

    [Fact]
    public void Roads_stopping_short_of_their_junction_are_joined_through_its_centre()
    {
        // As SUMO draws them: each road ends 5 m before the junction's centre, which the twin's Intersection gives.
        var centre = At(500, 0);
        var graph = new RoadGraph(
            [new RoadLine([At(0, 0), At(495, 0)], "w", "c"), new RoadLine([At(505, 0), At(1000, 0)], "c", "e")],
            new Dictionary<string, Position> { ["c"] = centre });
        var leg = graph.Route(At(0, 0), At(1000, 0))!;
        Assert.Equal(1000, leg.Length, 0.5);
        Assert.Contains(Enumerable.Range(0, leg.PointCount).Select(leg.Point), p => GeoMath.HaversineMetres(p, centre) < 0.01);
    }
}
