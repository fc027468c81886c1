using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>
/// NGSI-LD's whole information model on every store: several types, scopes, sub-attributes (nested), instances by
/// datasetId, relationships to several objects, GeoProperties besides location, and the other property kinds.
/// </summary>
public abstract partial class TwinStoreContract
{
    private static readonly DateTimeOffset Observed = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    protected static Entity RichVehicle(string localId) => new()
    {
        Id = Id(EntityTypes.Vehicle, localId),
        Type = EntityTypes.Vehicle,
        OtherTypes = ["OffStreetParking"],
        Scope = ["/Zurich/North", "/Fleet"],
        Properties = new Dictionary<string, Property>
        {
            ["brandName"] = new(TwinValue.Of("Mercedes")),
            ["speed"] = new(TwinValue.Of(55), "KMH", Observed)
            {
                Sub = new SubAttributes(
                    new Dictionary<string, Property>
                    {
                        ["source"] = new(TwinValue.Of("Speedometer"))
                        {
                            Sub = new SubAttributes(Props(("calibrated", Flag(true))), Entity.EmptyRelationships),
                        },
                    },
                    new Dictionary<string, Relationship> { ["providedBy"] = new("urn:ngsi-ld:Device:1") }),
            },
            ["observationSpace"] = new(Parse("""{"type":"Polygon","coordinates":[[[8,47],[9,47],[9,48],[8,47]]]}""")) { Kind = PropertyKind.GeoProperty },
            ["label"] = new(Parse("""{"en":"red car","de":["rotes Auto","Wagen"]}""")) { Kind = PropertyKind.LanguageProperty },
            ["config"] = new(Parse("""{"mode":"eco","limits":[1,2]}""")) { Kind = PropertyKind.JsonProperty },
            ["colour"] = new(TwinValue.Of("red")) { Kind = PropertyKind.VocabProperty },
            ["stops"] = new(Parse("""[3,1,2]""")) { Kind = PropertyKind.ListProperty },
            ["status"] = new(TwinValue.Of("parked")),
            ["category"] = new(Parse("""["municipalServices"]""")),
        },
        Relationships = new Dictionary<string, Relationship>
        {
            ["isParked"] = new("urn:ngsi-ld:OffStreetParking:Downtown1", Observed),
            ["passengers"] = new("urn:ngsi-ld:Group:a") { Objects = ["urn:ngsi-ld:Group:a", "urn:ngsi-ld:Group:b"] },
        },
        PropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>
        {
            ["speed"] = [new(TwinValue.Of(54.5), "KMH") { DatasetId = "urn:ngsi-ld:Dataset:gps" }],
            ["fuelLevel"] =
            [
                new(TwinValue.Of(0.5)) { DatasetId = "urn:ngsi-ld:Dataset:tank1" },
                new(TwinValue.Of(0.7)) { DatasetId = "urn:ngsi-ld:Dataset:tank2" },
            ],
        },
        RelationshipDatasets = new Dictionary<string, IReadOnlyList<Relationship>>
        {
            ["driver"] = [new("urn:ngsi-ld:Person:x") { DatasetId = "urn:ngsi-ld:Dataset:day" }],
        },
    };

    private static TwinValue Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return TwinValue.FromJson(doc.RootElement);
    }

    /// <summary>Two entities are the same when their normalized forms are (member order aside).</summary>
    protected static void AssertSameNgsi(Entity expected, Entity actual)
    {
        var want = JsonNode.Parse(NgsiLdCodec.ToUtf8(expected with { CreatedAt = null, ModifiedAt = null }));
        var got = JsonNode.Parse(NgsiLdCodec.ToUtf8(actual with { CreatedAt = null, ModifiedAt = null }));
        Assert.True(JsonNode.DeepEquals(want, got), $"expected\n{want}\nbut the store gave\n{got}");
    }

    [Fact]
    public async Task The_whole_information_model_round_trips()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        Assert.Equal(WriteOutcome.Created, await store.CreateAsync(vehicle));
        AssertSameNgsi(vehicle, await MustGetAsync(store, vehicle.Id));

        // A replace keeps none of the old shape; an entity's category still comes from its types.
        var plain = new Entity { Id = vehicle.Id, Type = "Thing", Properties = Props(("speed", Num(3))) };
        Assert.Equal([WriteOutcome.Replaced], await store.UpsertAsync([plain], UpsertMode.Replace));
        var stored = await MustGetAsync(store, vehicle.Id);
        AssertSameNgsi(plain, stored);
        Assert.Equal(EntityCategory.Other, stored.Category);
    }

    [Fact]
    public async Task Entities_are_found_and_counted_by_each_of_their_types()
    {
        var store = await StoreAsync();
        await store.CreateAsync(RichVehicle("v1"));
        await store.CreateAsync(Road("r1"));
        Assert.Equal([Id(EntityTypes.Vehicle, "v1")], (await store.QueryAsync(new EntityQuery { Types = ["OffStreetParking"] })).Items.Select(e => e.Id));
        Assert.Equal([Id(EntityTypes.Vehicle, "v1")], (await store.QueryAsync(new EntityQuery { Types = [EntityTypes.Vehicle] })).Items.Select(e => e.Id));
        Assert.Equal(2, (await store.QueryAsync(new EntityQuery { Types = ["OffStreetParking", EntityTypes.RoadSegment] })).TotalCount);
        var counts = await store.CountByTypeAsync();
        Assert.Equal(1, counts["OffStreetParking"]);
        Assert.Equal(1, counts[EntityTypes.Vehicle]);
        Assert.Equal(EntityCategory.MeansOfTransportation, (await MustGetAsync(store, Id(EntityTypes.Vehicle, "v1"))).Category);
    }

    [Fact]
    public async Task A_patch_updates_the_instance_with_its_datasetId_only()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);
        var result = await store.UpdateAttributesAsync(vehicle.Id, new AttributePatch
        {
            PropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>
            {
                ["speed"] = [new(TwinValue.Of(60), "KMH") { DatasetId = "urn:ngsi-ld:Dataset:gps" }],
                ["fuelLevel"] = [new(TwinValue.Of(0.1)) { DatasetId = "urn:ngsi-ld:Dataset:unknown" }],
            },
        });
        Assert.Equal(["speed"], result.Updated);
        Assert.Contains("unknown", Assert.Single(result.NotUpdated).Reason);
        var stored = await MustGetAsync(store, vehicle.Id);
        Assert.Equal(TwinValue.Of(60), Assert.Single(stored.PropertyDatasets["speed"]).Value);
        Assert.Equal(TwinValue.Of(55), stored.Properties["speed"].Value);
        Assert.Equal("Speedometer", stored.Properties["speed"].Sub!.Properties["source"].Value.Text);
        AssertSameNgsi(vehicle with
        {
            PropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>(vehicle.PropertyDatasets)
            {
                ["speed"] = [new(TwinValue.Of(60), "KMH") { DatasetId = "urn:ngsi-ld:Dataset:gps" }],
            },
        }, stored);
    }

    [Fact]
    public async Task Every_object_of_every_relationship_instance_is_an_incoming_edge_and_goes_with_it()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);

        // passengers has two objects; driver only an instance with a datasetId; isParked a plain default one.
        Assert.Equal([new RelationshipEdge(vehicle.Id, "passengers", "urn:ngsi-ld:Group:a")], await store.GetIncomingAsync("urn:ngsi-ld:Group:a"));
        Assert.Equal([new RelationshipEdge(vehicle.Id, "passengers", "urn:ngsi-ld:Group:b")], await store.GetIncomingAsync("urn:ngsi-ld:Group:b"));
        Assert.Equal([new RelationshipEdge(vehicle.Id, "driver", "urn:ngsi-ld:Person:x")], await store.GetIncomingAsync("urn:ngsi-ld:Person:x"));
        Assert.Equal([new RelationshipEdge(vehicle.Id, "isParked", "urn:ngsi-ld:OffStreetParking:Downtown1")],
            await store.GetIncomingAsync("urn:ngsi-ld:OffStreetParking:Downtown1"));

        // A patch to one object moves the edges; deleting the instance with the datasetId removes its edge.
        await store.UpdateAttributesAsync(vehicle.Id, new AttributePatch
        {
            Relationships = new Dictionary<string, Relationship> { ["passengers"] = new("urn:ngsi-ld:Group:c") },
        });
        Assert.Empty(await store.GetIncomingAsync("urn:ngsi-ld:Group:b"));
        Assert.Equal([new RelationshipEdge(vehicle.Id, "passengers", "urn:ngsi-ld:Group:c")], await store.GetIncomingAsync("urn:ngsi-ld:Group:c"));
        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(vehicle.Id, "driver", "urn:ngsi-ld:Dataset:day", allInstances: false));
        Assert.Empty(await store.GetIncomingAsync("urn:ngsi-ld:Person:x"));
    }

    [Fact]
    public async Task A_patch_replaces_an_attribute_held_once_by_the_other_kind_but_not_one_instance_of_several()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);
        var result = await store.UpdateAttributesAsync(vehicle.Id, new AttributePatch
        {
            Relationships = new Dictionary<string, Relationship>
            {
                ["brandName"] = new("urn:ngsi-ld:Brand:01"),  // held once, as a property
                ["speed"] = new("urn:ngsi-ld:Device:9"),      // the default instance of two properties
            },
        });
        Assert.Equal(["brandName"], result.Updated);
        var refused = Assert.Single(result.NotUpdated);
        Assert.Equal("speed", refused.Attribute);
        Assert.Contains("share one kind", refused.Reason);
        var stored = await MustGetAsync(store, vehicle.Id);
        Assert.False(stored.Properties.ContainsKey("brandName"));
        Assert.Equal("urn:ngsi-ld:Brand:01", stored.Relationships["brandName"].Object);
        var properties = new Dictionary<string, Property>(vehicle.Properties);
        properties.Remove("brandName");
        AssertSameNgsi(vehicle with
        {
            Properties = properties,
            Relationships = new Dictionary<string, Relationship>(vehicle.Relationships) { ["brandName"] = new("urn:ngsi-ld:Brand:01") },
        }, stored);
    }

    [Fact]
    public async Task Telemetry_moves_the_default_value_and_keeps_the_attribute_s_shape()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);
        var result = await store.ApplyAsync([new Observation(vehicle.Id, "speed", TwinValue.Of(70), Observed.AddMinutes(1), "KMH")]);
        Assert.Equal([ObservationOutcome.Applied], result.Outcomes);
        var stored = await MustGetAsync(store, vehicle.Id);
        var speed = stored.Properties["speed"];
        Assert.Equal(TwinValue.Of(70), speed.Value);
        Assert.Equal(Observed.AddMinutes(1), speed.ObservedAt);
        Assert.Equal("urn:ngsi-ld:Device:1", speed.Sub!.Relationships["providedBy"].Object);
        Assert.Equal(TwinValue.Of(54.5), Assert.Single(stored.PropertyDatasets["speed"]).Value);
        Assert.Equal([ObservationOutcome.InvalidAttribute],
            (await store.ApplyAsync([new Observation(vehicle.Id, "driver", TwinValue.Of(1), Observed, null)])).Outcomes);
    }

    [Fact]
    public async Task Appending_adds_instances_and_noOverwrite_keeps_what_is_held()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);
        var patch = new AttributePatch
        {
            Properties = Props(("brandName", Text("BMW")), ("wheels", Num(4))),
            PropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>
            {
                ["speed"] = [new(TwinValue.Of(53)) { DatasetId = "urn:ngsi-ld:Dataset:radar" }],
            },
        };
        var kept = await store.AppendAttributesAsync(vehicle.Id, patch, overwrite: false);
        Assert.Equal(["speed", "wheels"], Ordinal(kept.Updated));
        Assert.Equal("brandName", Assert.Single(kept.NotUpdated).Attribute);
        var stored = await MustGetAsync(store, vehicle.Id);
        Assert.Equal("Mercedes", stored.Properties["brandName"].Value.Text);
        Assert.Equal(["urn:ngsi-ld:Dataset:gps", "urn:ngsi-ld:Dataset:radar"], Ordinal(stored.PropertyDatasets["speed"].Select(p => p.DatasetId!)));

        var overwritten = await store.AppendAttributesAsync(vehicle.Id, patch with
        {
            Relationships = new Dictionary<string, Relationship> { ["brandName"] = new("urn:ngsi-ld:Brand:bmw") },
            Properties = Props(("wheels", Num(6))),
        }, overwrite: true);
        Assert.Empty(overwritten.NotUpdated);
        stored = await MustGetAsync(store, vehicle.Id);
        Assert.False(stored.Properties.ContainsKey("brandName"));
        Assert.Equal("urn:ngsi-ld:Brand:bmw", stored.Relationships["brandName"].Object);
        Assert.Equal(TwinValue.Of(6), stored.Properties["wheels"].Value);
        Assert.Equal(AttributeUpdateResult.EntityNotFound, await store.AppendAttributesAsync(RoadId("none"), patch, overwrite: true));
    }

    [Fact]
    public async Task Deleting_an_attribute_removes_one_instance_or_all()
    {
        var store = await StoreAsync();
        var vehicle = RichVehicle("v1");
        await store.CreateAsync(vehicle);

        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(vehicle.Id, "fuelLevel", "urn:ngsi-ld:Dataset:tank1", false));
        Assert.Equal(AttributeDeletion.AttributeNotFound, await store.DeleteAttributeAsync(vehicle.Id, "fuelLevel", "urn:ngsi-ld:Dataset:tank1", false));
        Assert.Equal(AttributeDeletion.AttributeNotFound, await store.DeleteAttributeAsync(vehicle.Id, "fuelLevel", null, false));
        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(vehicle.Id, "speed", null, false));
        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(vehicle.Id, "driver", null, true));
        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(vehicle.Id, "brandName", null, false));
        Assert.Equal(AttributeDeletion.AttributeNotFound, await store.DeleteAttributeAsync(vehicle.Id, "nothing", null, true));
        Assert.Equal(AttributeDeletion.EntityNotFound, await store.DeleteAttributeAsync(RoadId("none"), "speed", null, true));

        var stored = await MustGetAsync(store, vehicle.Id);
        Assert.Equal("urn:ngsi-ld:Dataset:tank2", Assert.Single(stored.PropertyDatasets["fuelLevel"]).DatasetId);
        Assert.False(stored.Properties.ContainsKey("speed"));
        Assert.Equal("urn:ngsi-ld:Dataset:gps", Assert.Single(stored.PropertyDatasets["speed"]).DatasetId);
        Assert.False(stored.RelationshipDatasets.ContainsKey("driver"));
        Assert.False(stored.Properties.ContainsKey("brandName"));
        Assert.Empty(await HistoryAsync(store, vehicle.Id, "speed"));
    }
}
