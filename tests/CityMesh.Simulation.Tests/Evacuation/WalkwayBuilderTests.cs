using CityMesh.Simulation.Evacuation;

namespace CityMesh.Simulation.Tests.Evacuation;

public sealed class WalkwayBuilderTests
{
    [Fact]
    public void A_streets_two_directions_become_one_walkway_as_wide_as_both_sidewalks_cut_into_short_links()
    {
        var builder = new WalkwayBuilder(
        [
            new WalkwayRoad("east", [(0, 0), (50, 0)]),
            new WalkwayRoad("west", [(50, 0.4), (0, 0.3)]), // the other direction, its line a little off: ends snap
            new WalkwayRoad("north", [(50, 0), (50, 30), (60, 40)], SidewalkWidth: 4),
        ]);
        var graph = builder.Build();

        Assert.Empty(graph.Problems());
        // 50 m in links of at most 20 m: 3; the bent road: 30 m (2 links) and 14.1 m (1 link).
        Assert.Equal(3, builder.LinksOf("east").Count);
        Assert.Equal(builder.LinksOf("east"), builder.LinksOf("west"));
        Assert.Equal(3, builder.LinksOf("north").Count);
        Assert.All(builder.LinksOf("east"), l => Assert.Equal(6, graph.Width[l]));
        Assert.All(builder.LinksOf("north"), l => Assert.Equal(8, graph.Width[l]));
        Assert.Equal(50, builder.LinksOf("east").Sum(l => graph.Length[l]), 9);
        Assert.Equal(30 + Math.Sqrt(200), builder.LinksOf("north").Sum(l => graph.Length[l]), 9);
        // The streets meet at one junction node.
        int junction = graph.To[builder.LinksOf("east")[^1]];
        Assert.Equal(junction, graph.From[builder.LinksOf("north")[0]]);
    }

    [Fact]
    public void A_door_is_joined_to_the_nearest_street_node_by_a_path_of_its_width()
    {
        var builder = new WalkwayBuilder([new WalkwayRoad("r", [(0, 0), (100, 0)])]);
        int door = builder.Attach(47, 12, 1.2, "home");
        var graph = builder.Build();
        int path = graph.LinkCount - 1;
        Assert.Equal(door, graph.From[path]);
        Assert.Equal(40, graph.X[graph.To[path]], 9);
        Assert.Equal(Math.Sqrt(49 + 144), graph.Length[path], 9);
        Assert.Equal(1.2, graph.Width[path]);
        Assert.Equal("home", graph.Road[path]);
    }

    [Fact]
    public void Widening_a_road_widens_all_its_links()
    {
        var builder = new WalkwayBuilder([new WalkwayRoad("r", [(0, 0), (100, 0)]), new WalkwayRoad("s", [(100, 0), (100, 100)])]);
        builder.Widen("r", 2);
        var graph = builder.Build();
        Assert.All(builder.LinksOf("r"), l => Assert.Equal(12, graph.Width[l]));
        Assert.All(builder.LinksOf("s"), l => Assert.Equal(6, graph.Width[l]));
    }

    [Theory]
    [InlineData("sidewalkWidth", 0, 2, 20)]
    [InlineData("sides", 3, 3, 20)]
    [InlineData("maxLinkMetres", 3, 2, 0.5)]
    public void Bad_build_options_are_refused_naming_them(string field, double sidewalk, int sides, double maxLink)
    {
        var error = Assert.Throws<ArgumentException>(() => new WalkwayBuilder([], new WalkwayBuildOptions { SidewalkWidth = sidewalk, Sides = sides, MaxLinkMetres = maxLink }));
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void A_road_without_a_line_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new WalkwayBuilder([new WalkwayRoad("lonely", [(0, 0)])]));
        Assert.Contains("'lonely'", error.Message);
    }
}
