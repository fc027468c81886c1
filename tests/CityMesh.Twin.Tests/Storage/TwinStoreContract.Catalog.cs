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
        Category = EntityCategory.BuildingOrStructure,
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
}
