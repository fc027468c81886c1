using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>Entity queries: type, id, pattern and category filters, q, projection, paging and order.</summary>
public abstract partial class TwinStoreContract
{
    private static readonly string D1 = Id(EntityTypes.District, "d1");
    private static readonly string D2 = Id(EntityTypes.District, "d2");

    /// <summary>Five roads whose attributes exercise every q operator, plus a building and a park.</summary>
    private async Task<ITwinStore> QueryFixtureAsync()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Road("r1", Props(("speed", Num(30, "KMH")), ("name", Text("Main Street")), ("open", Flag(true)),
                ("addr", Json("""{"city":"Springfield","zip":"12345","geo":{"ward":7}}""")), ("since", Text("2024-03-01T00:00:00Z"))),
                Rels(("refDistrict", D1))),
            Road("r2", Props(("speed", Num(50, "KMH")), ("name", Text("Market Road")), ("open", Flag(false)),
                ("addr", Json("""{"city":"Shelbyville"}""")), ("since", Text("2023-06-01T00:00:00Z"))),
                Rels(("refDistrict", D2))),
            Road("r3", Props(("speed", Num(70, "KMH")), ("name", Text("Elm")), ("addr", Json("""{"city":"Springfield","tags":["a","b"]}"""))),
                Rels(("refDistrict", D1))),
            Road("r4", Props(("name", Text("Oak")), ("open", Flag(true)))),
            Road("r5", Props(("speed", Text("fast")), ("name", Text("Pine")))),
            new Entity
            {
                Id = Id(EntityTypes.Building, "b1"), Type = EntityTypes.Building,                Properties = Props(("speed", Num(50))),
            },
            new Entity { Id = Id(EntityTypes.Park, "p1"), Type = EntityTypes.Park },
        ], UpsertMode.Replace);
        return store;
    }

    private static async Task<string[]> IdsAsync(ITwinStore store, EntityQuery query)
    {
        var page = await store.QueryAsync(query with { Limit = EntityQuery.MaxLimit });
        Assert.Equal(page.Items.Count, page.TotalCount);
        return [.. page.Items.Select(e => e.Id)];
    }

    private static Task<string[]> RoadsMatchingAsync(ITwinStore store, string q) =>
        IdsAsync(store, new EntityQuery { Types = [EntityTypes.RoadSegment], Q = QueryParser.Parse(q) });

    public static TheoryData<string, string[]> QCases => new()
    {
        { "speed==50", ["r2"] },
        { "speed==50.0", ["r2"] },
        { "speed==\"50\"", [] },
        { "speed!=50", ["r1", "r3", "r5"] },
        { "speed==30,70", ["r1", "r3"] },
        { "speed!=30,70", ["r2", "r5"] },
        { "speed==40..70", ["r2", "r3"] },
        { "speed!=40..70", ["r1"] },
        { "speed>50", ["r3"] },
        { "speed>=50", ["r2", "r3"] },
        { "speed<50", ["r1"] },
        { "speed<=50", ["r1", "r2"] },
        { "speed==fast", ["r5"] },
        { "name==\"Main Street\"", ["r1"] },
        { "name==Elm", ["r3"] },
        { "name==A..F", ["r3"] },
        { "name<a", ["r1", "r2", "r3", "r4", "r5"] },
        { "name>N", ["r4", "r5"] },
        { "name~=^M", ["r1", "r2"] },
        { "name~=Road$", ["r2"] },
        { "name!~=^M", ["r3", "r4", "r5"] },
        { "open==true", ["r1", "r4"] },
        { "open==false", ["r2"] },
        { "open!=true", ["r2"] },
        { "open>false", [] },
        { "speed", ["r1", "r2", "r3", "r5"] },
        { "open", ["r1", "r2", "r4"] },
        { "nothing", [] },
        { "nothing!=1", [] },
        { "addr[city]==Springfield", ["r1", "r3"] },
        { "addr[city]!=Springfield", ["r2"] },
        { "addr[zip]", ["r1"] },
        { "addr[geo][ward]==7", ["r1"] },
        { "addr[geo][ward]>6", ["r1"] },
        { "addr[tags]", ["r3"] },
        { "addr[tags][0]", [] },
        { "addr[city][x]", [] },
        { "name[city]", [] },
        { "addr==Springfield", [] },
        { "since>=2024-01-01T00:00:00Z", ["r1"] },
        { "since==2023-01-01T00:00:00Z..2023-12-31T23:59:59Z", ["r2"] },
        { "refDistrict==urn:ngsi-ld:District:test:d1", ["r1", "r3"] },
        { "refDistrict!=urn:ngsi-ld:District:test:d1", ["r2"] },
        { "refDistrict~=d2$", ["r2"] },
        { "speed>=30;open==true", ["r1"] },
        { "speed==30|name==Elm", ["r1", "r3"] },
        { "speed==30|name==Elm;open==true", ["r1"] },
        { "(speed==30|name==Elm);addr[city]==Springfield", ["r1", "r3"] },
        { "(speed==50|name==Oak);open==true", ["r4"] },
        { "speed>=30;speed<=50", ["r1", "r2"] },
        { "open==true|(refDistrict;speed>60)", ["r1", "r3", "r4"] },
    };

    [Theory]
    [MemberData(nameof(QCases))]
    public async Task Q_filters_like_the_evaluator(string q, string[] expected)
    {
        var store = await QueryFixtureAsync();
        Assert.Equal(expected.Select(RoadId), await RoadsMatchingAsync(store, q));
    }

    [Fact]
    public async Task Type_id_pattern_and_category_filters_all_hold()
    {
        var store = await QueryFixtureAsync();
        var building = Id(EntityTypes.Building, "b1");
        var park = Id(EntityTypes.Park, "p1");

        Assert.Equal([building, park], await IdsAsync(store, new EntityQuery { Types = [EntityTypes.Building, EntityTypes.Park, "Nothing"] }));
        Assert.Equal([building, RoadId("r4")], await IdsAsync(store, new EntityQuery { Ids = [RoadId("r4"), building, RoadId("none")] }));
        Assert.Equal([RoadId("r1"), RoadId("r2")], await IdsAsync(store, new EntityQuery { IdPattern = "^urn:ngsi-ld:RoadSegment:test:r[12]$" }));
        Assert.Equal([park], await IdsAsync(store, new EntityQuery { Category = EntityCategory.NaturalEntity }));
        Assert.Equal([building, RoadId("r2")], await IdsAsync(store, new EntityQuery { Q = QueryParser.Parse("speed==50") }));
        Assert.Equal([building], await IdsAsync(store, new EntityQuery
        {
            Types = [EntityTypes.Building, EntityTypes.RoadSegment],
                       IdPattern = "b",
            Q = QueryParser.Parse("speed==50"),
        }));
        Assert.Empty(await IdsAsync(store, new EntityQuery { Ids = [park], Types = [EntityTypes.Building] }));
        Assert.Equal(7, (await IdsAsync(store, new EntityQuery())).Length);
    }

    [Fact]
    public async Task Attrs_projects_attributes_and_keeps_identity()
    {
        var store = await QueryFixtureAsync();

        var page = await store.QueryAsync(new EntityQuery { Ids = [RoadId("r1")], Attrs = ["speed", "refDistrict", "nothing"] });

        var r1 = Assert.Single(page.Items);
        Assert.Equal(RoadId("r1"), r1.Id);
        Assert.Equal(EntityTypes.RoadSegment, r1.Type);
        Assert.Equal(EntityCategory.BuildingOrStructure, r1.Category);
        Assert.Equal(["speed"], r1.Properties.Keys);
        Assert.Equal(Num(30, "KMH"), r1.Properties["speed"]);
        Assert.Equal(["refDistrict"], r1.Relationships.Keys);
    }

    [Fact]
    public async Task Attrs_returns_location_only_when_asked()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(30))), location: new Point(10, 50)));

        var without = Assert.Single((await store.QueryAsync(new EntityQuery { Attrs = ["speed"] })).Items);
        var with = Assert.Single((await store.QueryAsync(new EntityQuery { Attrs = ["location"] })).Items);
        var all = Assert.Single((await store.QueryAsync(new EntityQuery())).Items);

        Assert.Null(without.Location);
        Assert.Equal(GeoJson.Write(new Point(10, 50)), GeoJson.Write(with.Location!));
        Assert.Empty(with.Properties);
        AssertSameEntity(Road("r1", Props(("speed", Num(30))), location: new Point(10, 50)), all);
    }

    [Fact]
    public async Task Pages_are_in_ordinal_id_order_with_the_total_count()
    {
        var store = await StoreAsync();
        string[] locals = ["b", "B", "a", "A", "_", "z9", "Z10", "10", "9", "a-b", "a.b", "ab", "aB", "é", "e", "E"];
        var extra = Enumerable.Range(0, 9).Select(i => $"n{i}");
        var ids = locals.Concat(extra).Select(RoadId).ToArray();
        await store.UpsertAsync([.. ids.Reverse().Select(id => new Entity { Id = id, Type = EntityTypes.RoadSegment })], UpsertMode.Replace);
        var expected = Ordinal(ids);

        var pages = new List<EntityPage>();
        for (var offset = 0; offset < 30; offset += 10)
            pages.Add(await store.QueryAsync(new EntityQuery { Limit = 10, Offset = offset }));

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(25, p.TotalCount));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(e => e.Id));

        var beyond = await store.QueryAsync(new EntityQuery { Limit = 10, Offset = 40 });
        Assert.Empty(beyond.Items);
        Assert.Equal(25, beyond.TotalCount);

        var countOnly = await store.QueryAsync(new EntityQuery { Limit = 0, Types = [EntityTypes.RoadSegment] });
        Assert.Empty(countOnly.Items);
        Assert.Equal(25, countOnly.TotalCount);
    }

    [Fact]
    public async Task Keyset_pages_start_after_the_last_id_so_writes_between_pages_skip_or_repeat_nothing()
    {
        var store = await StoreAsync();
        var ids = Enumerable.Range(0, 25).Select(i => RoadId($"k{i:00}")).ToArray();
        await store.UpsertAsync([.. ids.Select(id => new Entity { Id = id, Type = EntityTypes.RoadSegment })], UpsertMode.Replace);

        var first = await store.QueryAsync(new EntityQuery { Limit = 10, Types = [EntityTypes.RoadSegment] });
        Assert.Equal(ids[..10], first.Items.Select(e => e.Id));
        // Between pages: an entity already sent is deleted and one sorting before the cursor is created. With offsets
        // the next page would start one entity later (k10 skipped); after the last id, it starts at k10.
        Assert.True(await store.DeleteAsync(ids[3]));
        await store.CreateAsync(new Entity { Id = RoadId("k00a"), Type = EntityTypes.RoadSegment });
        var second = await store.QueryAsync(new EntityQuery { Limit = 10, Types = [EntityTypes.RoadSegment], IdAfter = first.Items[^1].Id });
        var third = await store.QueryAsync(new EntityQuery { Limit = 10, Types = [EntityTypes.RoadSegment], IdAfter = second.Items[^1].Id });

        Assert.Equal(ids[10..20], second.Items.Select(e => e.Id));
        Assert.Equal(ids[20..], third.Items.Select(e => e.Id));
        Assert.All(new[] { second, third }, p => Assert.Equal(25, p.TotalCount)); // every match, not those after the cursor
        Assert.Empty((await store.QueryAsync(new EntityQuery { Limit = 10, IdAfter = ids[^1], Types = [EntityTypes.RoadSegment] })).Items);
    }

    [Fact]
    public async Task A_query_sees_a_write_at_once()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(30)))));
        var fast = new EntityQuery { Q = QueryParser.Parse("speed>50") };
        Assert.Equal(0, (await store.QueryAsync(fast)).TotalCount);

        await store.ApplyAsync([Obs(RoadId("r1"), "speed", 80, 1)]);

        Assert.Equal([RoadId("r1")], (await store.QueryAsync(fast)).Items.Select(e => e.Id));
    }
}
