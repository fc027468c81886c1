using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>Locations of every GeoJSON type and the geo-queries: near, within, intersects, equals, disjoint, contains, overlaps.</summary>
public abstract partial class TwinStoreContract
{
    private const double OriginLon = 10.0;
    private const double OriginLat = 50.0;

    private static Point North(double metres) => new(OriginLon, OriginLat + metres / GeoMath.MetresPerDegreeLatitude);

    private static double EastDegrees(double metres) => metres / (GeoMath.MetresPerDegreeLatitude * Math.Cos(OriginLat * Math.PI / 180));

    private static Position P(double lon, double lat) => new(lon, lat);

    private static Position[] Square(double minLon, double minLat, double maxLon, double maxLat) =>
        [P(minLon, minLat), P(maxLon, minLat), P(maxLon, maxLat), P(minLon, maxLat), P(minLon, minLat)];

    private static LineString Line(params Position[] positions) => new(positions);

    private static Entity Placed(string localId, Geometry location) => Road(localId, location: location);

    private static async Task<string[]> GeoIdsAsync(ITwinStore store, GeoQuery geo) =>
        await IdsAsync(store, new EntityQuery { Geo = geo });

    private static string[] Roads(params string[] locals) => Ordinal(locals.Select(RoadId));

    [Fact]
    public async Task Every_geometry_type_round_trips_exactly()
    {
        var store = await StoreAsync();
        Geometry[] geometries =
        [
            new Point(new Position(10.123456789012, 50.987654321098, 112.5)),
            Line(P(10, 50), P(10.001, 50.0005), P(10.002, 50.002)),
            new Polygon([Square(10, 50, 10.01, 50.01), Square(10.004, 50.004, 10.006, 50.006)]),
            new MultiPoint([P(1, 2), P(3, 4)]),
            new MultiLineString([[P(1, 2), P(3, 4)], [P(5, 6), P(7, 8), P(9, 10)]]),
            new MultiPolygon([[Square(0, 0, 1, 1)], [Square(2, 2, 3, 3), Square(2.4, 2.4, 2.6, 2.6)]]),
        ];
        var entities = geometries.Select((g, i) => Placed($"g{i}", g)).ToArray();
        await store.UpsertAsync(entities, UpsertMode.Replace);

        foreach (var entity in entities) AssertSameEntity(entity, await MustGetAsync(store, entity.Id));
    }

    private async Task<ITwinStore> NearFixtureAsync()
    {
        var store = await StoreAsync();
        var east600 = OriginLon + EastDegrees(600);
        await store.UpsertAsync(
        [
            Placed("n100", North(100)),
            Placed("n400", North(400)),
            Placed("n900", North(900)),
            Placed("n2000", North(2000)),
            Placed("line600", Line(P(east600, 49.99), P(east600, 50.01))),
            Placed("park", new Polygon([Square(9.999, 49.999, 10.001, 50.001)])),
            Road("nowhere"),
        ], UpsertMode.Replace);
        return store;
    }

    [Fact]
    public async Task Near_with_maxDistance_finds_points_lines_and_areas_within_reach()
    {
        var store = await NearFixtureAsync();
        var origin = new Point(OriginLon, OriginLat);

        Assert.Equal(Roads("n100", "n400", "park"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MaxDistance: 500)));
        Assert.Equal(Roads("n100", "n400", "line600", "park"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MaxDistance: 700)));
        Assert.Equal(Roads("park"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MaxDistance: 50)));
    }

    [Fact]
    public async Task Near_with_minDistance_excludes_what_is_too_close()
    {
        var store = await NearFixtureAsync();
        var origin = new Point(OriginLon, OriginLat);

        Assert.Equal(Roads("line600", "n400", "n900"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MaxDistance: 1000, MinDistance: 300)));
        Assert.Equal(Roads("n2000"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MinDistance: 1000)));
        Assert.Equal(Roads("line600", "n100", "n2000", "n400", "n900"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, origin, MinDistance: 10)));
    }

    [Fact]
    public async Task Near_combines_with_other_filters_and_pages()
    {
        var store = await NearFixtureAsync();
        await store.UpdateAttributesAsync(RoadId("n400"), new AttributePatch { Properties = new Dictionary<string, Property> { ["status"] = new(TwinValue.Of("degraded")) } });
        await store.UpsertAsync([Road("n100", Props(("speed", Num(30))), location: North(100))], UpsertMode.Replace);

        var page = await store.QueryAsync(new EntityQuery
        {
            Geo = new GeoQuery(GeoRelation.Near, new Point(OriginLon, OriginLat), MaxDistance: 1000),
            Q = QueryParser.Parse("speed"),
        });
        var first = await store.QueryAsync(new EntityQuery { Geo = new GeoQuery(GeoRelation.Near, new Point(OriginLon, OriginLat), MaxDistance: 1000), Limit = 2 });

        Assert.Equal([RoadId("n100")], page.Items.Select(e => e.Id));
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(Roads("line600", "n100"), first.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task A_moved_entity_is_found_where_it_is_now()
    {
        var store = await NearFixtureAsync();

        await store.UpdateAttributesAsync(RoadId("n2000"), new AttributePatch { Location = North(200) });
        await store.UpsertAsync([Placed("n100", North(5000))], UpsertMode.Update);

        Assert.Equal(Roads("n2000", "n400", "park"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Near, new Point(OriginLon, OriginLat), MaxDistance: 500)));
    }

    [Fact]
    public async Task Within_a_polygon_with_a_hole()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Placed("in-hole", new Point(10.0, 50.0)),
            Placed("inside", new Point(10.005, 50.005)),
            Placed("outside", new Point(10.02, 50.0)),
            Placed("line-inside", Line(P(10.003, 50.006), P(10.008, 50.006))),
            Placed("line-leaving", Line(P(10.005, 50.005), P(10.02, 50.005))),
            Placed("line-over-hole", Line(P(9.995, 50.0), P(10.005, 50.0))),
            Placed("area-inside", new Polygon([Square(10.004, 49.994, 10.006, 49.996)])),
            Placed("area-overlapping", new Polygon([Square(10.005, 50.005, 10.02, 50.02)])),
        ], UpsertMode.Replace);
        var area = new Polygon([Square(9.99, 49.99, 10.01, 50.01), Square(9.999, 49.999, 10.001, 50.001)]);

        Assert.Equal(Roads("area-inside", "inside", "line-inside"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Within, area)));

        var twoAreas = new MultiPolygon([[Square(10.0045, 49.99, 10.0055, 50.0)], [Square(10.015, 49.99, 10.03, 50.01)]]);
        Assert.Equal(Roads("outside"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Within, twoAreas)));
    }

    [Fact]
    public async Task Intersects_with_a_line()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Placed("area-hit", new Polygon([Square(10.004, 50.008, 10.006, 50.009)])),
            Placed("area-around", new Polygon([Square(9.9, 49.9, 10.1, 50.1)])),
            Placed("area-far", new Polygon([Square(10.1, 50.1, 10.11, 50.11)])),
            Placed("line-crossing", Line(P(10.0, 50.0), P(10.0, 50.02))),
            Placed("line-parallel", Line(P(9.99, 50.0095), P(10.01, 50.0095))),
            Placed("point-off", new Point(10.0, 50.0)),
            Placed("points-one-on-line", new MultiPoint([P(10.0, 50.0), P(10.01, 50.0085)])),
        ], UpsertMode.Replace);
        var line = Line(P(9.98, 50.0085), P(10.02, 50.0085));

        Assert.Equal(Roads("area-around", "area-hit", "line-crossing", "points-one-on-line"),
            await GeoIdsAsync(store, new GeoQuery(GeoRelation.Intersects, line)));
    }
    /// <summary>
    /// Areas around the reference square R = [10, 10.01] × [50, 50.01], each hand-placed for one answer: the same square
    /// written from another corner, one inside, one around, one half over it, one sharing only its east edge, one far
    /// off, a point inside and a line across it.
    /// </summary>
    private async Task<ITwinStore> AreaRelationsFixtureAsync()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Placed("same", new Polygon([[P(10.01, 50.01), P(10, 50.01), P(10, 50), P(10.01, 50), P(10.01, 50.01)]])),
            Placed("inner", new Polygon([Square(10.002, 50.002, 10.004, 50.004)])),
            Placed("around", new Polygon([Square(9.99, 49.99, 10.02, 50.02)])),
            Placed("half", new Polygon([Square(10.005, 50.005, 10.015, 50.015)])),
            Placed("touching", new Polygon([Square(10.01, 50.0, 10.02, 50.01)])),
            Placed("far", new Polygon([Square(10.1, 50.1, 10.11, 50.11)])),
            Placed("point-in", new Point(10.005, 50.001)),
            Placed("line-across", Line(P(9.995, 50.005), P(10.015, 50.005))),
            Road("nowhere"),
        ], UpsertMode.Replace);
        return store;
    }

    private static readonly Polygon ReferenceSquare = new([Square(10, 50, 10.01, 50.01)]);

    [Fact]
    public async Task Equals_finds_the_same_area_whichever_corner_it_starts_at()
    {
        var store = await AreaRelationsFixtureAsync();
        Assert.Equal(Roads("same"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Equal, ReferenceSquare)));
        Assert.Equal(Roads("point-in"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Equal, new Point(10.005, 50.001))));
    }

    [Fact]
    public async Task Disjoint_finds_located_entities_that_share_no_point_not_those_that_touch()
    {
        var store = await AreaRelationsFixtureAsync();
        Assert.Equal(Roads("far"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Disjoint, ReferenceSquare)));
        // The point lies in point-in, same and around; every other located entity misses it.
        Assert.Equal(Roads("far", "half", "inner", "line-across", "touching"),
            await GeoIdsAsync(store, new GeoQuery(GeoRelation.Disjoint, new Point(10.005, 50.001))));
    }

    [Fact]
    public async Task Contains_finds_locations_that_hold_the_geometry()
    {
        var store = await AreaRelationsFixtureAsync();
        Assert.Equal(Roads("around", "same"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, ReferenceSquare)));
        Assert.Equal(Roads("around", "inner", "same"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, new Point(10.003, 50.003))));
        // On the east edge shared by same and touching and on half's south edge (boundaries, in none's interior), and
        // inside line-across.
        Assert.Equal(Roads("around", "line-across"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, new Point(10.01, 50.005))));
    }

    [Fact]
    public async Task Overlaps_finds_areas_that_partly_cover_the_area_not_those_inside_around_or_touching()
    {
        var store = await AreaRelationsFixtureAsync();
        Assert.Equal(Roads("half"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Overlaps, ReferenceSquare)));
    }

    [Fact]
    public async Task Lines_and_points_contain_overlap_and_equal_as_PostGIS_reads_them()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Placed("road", Line(P(10, 50.02), P(10.02, 50.02))),
            Placed("stops", new MultiPoint([P(10, 50), P(10.01, 50)])),
            Placed("area", new Polygon([Square(9.99, 49.99, 10.03, 50.02)])),
        ], UpsertMode.Replace);

        // The road holds a point of its interior, not its end; the area's edge (its boundary) holds neither.
        Assert.Equal(Roads("road"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, new Point(10.01, 50.02))));
        Assert.Empty(await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, new Point(10, 50.02))));
        Assert.Equal(Roads("road"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, Line(P(10.005, 50.02), P(10.015, 50.02)))));
        Assert.Equal(Roads("road"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Overlaps, Line(P(10.015, 50.02), P(10.03, 50.02)))));
        Assert.Equal(Roads("road"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Equal, Line(P(10.02, 50.02), P(10, 50.02)))));

        Assert.Equal(Roads("area", "stops"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Contains, new Point(10.01, 50))));
        Assert.Equal(Roads("stops"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Overlaps, new MultiPoint([P(10.01, 50), P(10.02, 50)]))));
        Assert.Equal(Roads("stops"), await GeoIdsAsync(store, new GeoQuery(GeoRelation.Equal, new MultiPoint([P(10.01, 50), P(10, 50)]))));
    }
}
