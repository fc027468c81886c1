using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>The catalog of types and attributes behind NGSI-LD's <c>/types</c> and <c>/attributes</c>.</summary>
public abstract partial class TwinStoreContract
{
    private static Entity Building(string localId, IReadOnlyDictionary<string, Property> properties) => new()
    {
        Id = Id(EntityTypes.Building, localId),
        Type = EntityTypes.Building,
        Properties = properties,
    };

    /// <summary>
    /// Three roads (two located, two with speed, one naming speed as a relationship) and a building; a fourth road is
    /// created and deleted, so it counts nowhere.
    /// </summary>
    private async Task<ITwinStore> CatalogFixtureAsync()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(
        [
            Road("a", Props(("speed", Num(30)), ("name", Text("Main"))), Rels(("refNode", "urn:ngsi-ld:Node:test:1")), new Point(10, 50)),
            Road("b", Props(("speed", Num(50))), location: new Point(10.1, 50)),
            Road("c", relationships: Rels(("speed", "urn:ngsi-ld:Limit:test:1"))),
            Road("gone", Props(("lanes", Num(2)))),
            Building("house", Props(("height", Num(12)), ("name", Text("Town hall")))),
        ], UpsertMode.Replace);
        await store.DeleteAsync(RoadId("gone"));
        return store;
    }

    [Fact]
    public async Task An_empty_store_holds_no_types()
    {
        var store = await StoreAsync();
        Assert.Empty(await store.DescribeTypesAsync());
    }

    [Fact]
    public async Task Types_are_counted_with_each_attribute_kind_and_how_many_entities_have_it()
    {
        var store = await CatalogFixtureAsync();

        var types = await store.DescribeTypesAsync();

        Assert.Equal([(EntityTypes.Building, 1L), (EntityTypes.RoadSegment, 3L)], types.Select(t => (t.Type, t.EntityCount)));
        Assert.Equal(
        [
            new AttributeSummary("height", AttributeKind.Property, 1),
            new AttributeSummary("name", AttributeKind.Property, 1),
        ], types[0].Attributes);
        Assert.Equal(
        [
            new AttributeSummary("location", AttributeKind.GeoProperty, 2),
            new AttributeSummary("name", AttributeKind.Property, 1),
            new AttributeSummary("refNode", AttributeKind.Relationship, 1),
            new AttributeSummary("speed", AttributeKind.Property, 2),
            new AttributeSummary("speed", AttributeKind.Relationship, 1),
        ], types[1].Attributes);
    }

    [Fact]
    public async Task One_type_is_described_alone_and_an_unknown_type_not_at_all()
    {
        var store = await CatalogFixtureAsync();

        var building = Assert.Single(await store.DescribeTypesAsync(EntityTypes.Building));

        Assert.Equal(EntityTypes.Building, building.Type);
        Assert.Equal(["height", "name"], building.Attributes.Select(a => a.Name));
        Assert.Empty(await store.DescribeTypesAsync("Nothing"));
    }

    [Fact]
    public async Task The_catalog_follows_updates_and_moves()
    {
        var store = await CatalogFixtureAsync();

        await store.UpsertAsync([Road("c", Props(("lanes", Num(3))))], UpsertMode.Replace);
        await store.UpdateAttributesAsync(RoadId("a"), new AttributePatch { Location = new Point(10.2, 50) });

        var road = (await store.DescribeTypesAsync(EntityTypes.RoadSegment)).Single();
        Assert.Equal(
        [
            new AttributeSummary("lanes", AttributeKind.Property, 1),
            new AttributeSummary("location", AttributeKind.GeoProperty, 2),
            new AttributeSummary("name", AttributeKind.Property, 1),
            new AttributeSummary("refNode", AttributeKind.Relationship, 1),
            new AttributeSummary("speed", AttributeKind.Property, 2),
        ], road.Attributes);
    }
    [Fact]
    public async Task An_entity_of_several_types_counts_under_each_with_every_kind_and_its_instances_once()
    {
        var store = await StoreAsync();
        var kiosk = Building("kiosk", Props(("name", Text("Kiosk")))) with
        {
            OtherTypes = [EntityTypes.RoadSegment],
            Properties = new Dictionary<string, Property>
            {
                ["footprint"] = new(TwinValue.FromJson(System.Text.Json.JsonDocument.Parse("""{"type": "Point", "coordinates": [10, 50]}""").RootElement))
                {
                    Kind = PropertyKind.GeoProperty,
                },
                ["speed"] = Num(30),
            },
            PropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>
            {
                ["speed"] = [Num(20) with { DatasetId = "urn:ngsi-ld:Dataset:radar" }, Num(25) with { DatasetId = "urn:ngsi-ld:Dataset:loop" }],
            },
        };
        await store.UpsertAsync([kiosk, Road("plain", Props(("speed", Num(50))))], UpsertMode.Replace);

        var types = await store.DescribeTypesAsync();

        Assert.Equal([(EntityTypes.Building, 1L), (EntityTypes.RoadSegment, 2L)], types.Select(t => (t.Type, t.EntityCount)));
        Assert.Equal(
        [
            new AttributeSummary("footprint", AttributeKind.GeoProperty, 1),
            new AttributeSummary("speed", AttributeKind.Property, 1),
        ], types[0].Attributes);
        Assert.Equal(
        [
            new AttributeSummary("footprint", AttributeKind.GeoProperty, 1),
            new AttributeSummary("speed", AttributeKind.Property, 2),
        ], types[1].Attributes);
        Assert.Equal([EntityTypes.Building], (await store.DescribeTypesAsync(EntityTypes.Building)).Select(t => t.Type));
        Assert.Equal(2, (await store.DescribeTypesAsync(EntityTypes.RoadSegment)).Single().EntityCount);
    }
}
