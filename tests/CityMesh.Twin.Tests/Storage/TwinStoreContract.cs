using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ITwinStore"/> keeps, whatever it stores in. A store's test class derives from this
/// and says how to make a fresh, empty store. Split by subject over the partial files beside this one.
/// <para>
/// Conventions the contract relies on: times are whole seconds (a store may keep microseconds, no finer); a batch of
/// observations behaves as if its observations were applied one by one in the order given; a property has one value
/// per observedAt instant, so a later write at the same instant with another value is a correction that replaces it.
/// </para>
/// </summary>
public abstract partial class TwinStoreContract : IAsyncLifetime
{
    protected const int DefaultHistoryDepth = 8;
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly List<ITwinStore> _stores = [];

    /// <summary>A new, empty store that keeps <paramref name="historyDepth"/> observations per property.</summary>
    protected abstract Task<ITwinStore> CreateStoreAsync(int historyDepth);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    /// <summary>A fresh store, initialised twice to show initialisation is idempotent.</summary>
    protected async Task<ITwinStore> StoreAsync(int historyDepth = DefaultHistoryDepth)
    {
        var store = await CreateStoreAsync(historyDepth);
        _stores.Add(store);
        await store.InitializeAsync();
        await store.InitializeAsync();
        return store;
    }

    // ---- vocabulary -------------------------------------------------------------------------------------------

    protected static DateTimeOffset T(int seconds) => T0.AddSeconds(seconds);

    protected static string Id(string type, string localId) => EntityIds.Create(type, "test", localId);

    protected static string RoadId(string localId) => Id(EntityTypes.RoadSegment, localId);

    protected static Property Num(double value, string? unit = null, DateTimeOffset? at = null) => new(TwinValue.Of(value), unit, at);

    protected static Property Text(string value, DateTimeOffset? at = null) => new(TwinValue.Of(value), null, at);

    protected static Property Flag(bool value) => new(TwinValue.Of(value));

    protected static Property Json(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return new Property(TwinValue.FromJson(doc.RootElement));
    }

    protected static Observation Obs(string entityId, string attribute, double value, int second, string? unit = null) =>
        new(entityId, attribute, TwinValue.Of(value), T(second), unit);

    protected static Entity Road(
        string localId,
        IReadOnlyDictionary<string, Property>? properties = null,
        IReadOnlyDictionary<string, Relationship>? relationships = null,
        Geometry? location = null) => new()
        {
            Id = RoadId(localId),
            Type = EntityTypes.RoadSegment,
            Location = location,
            Properties = properties ?? Entity.EmptyProperties,
            Relationships = relationships ?? Entity.EmptyRelationships,
        };

    protected static Dictionary<string, Property> Props(params (string Name, Property Property)[] items) =>
        items.ToDictionary(i => i.Name, i => i.Property, StringComparer.Ordinal);

    protected static Dictionary<string, Relationship> Rels(params (string Name, string Target)[] items) =>
        items.ToDictionary(i => i.Name, i => new Relationship(i.Target), StringComparer.Ordinal);

    protected static string[] Ordinal(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    protected static async Task<Entity> MustGetAsync(ITwinStore store, string id) =>
        await store.GetAsync(id) ?? throw new Xunit.Sdk.XunitException($"entity {id} is missing");

    protected static async Task<IReadOnlyList<Property>> HistoryAsync(ITwinStore store, string id, string attribute)
    {
        var history = await store.GetHistoryAsync(new TemporalQuery(id, [attribute]));
        Assert.NotNull(history);
        return history.Attributes.TryGetValue(attribute, out var series) ? series : [];
    }

    /// <summary>Compares everything a store keeps for an entity except the store's own timestamps.</summary>
    protected static void AssertSameEntity(Entity expected, Entity actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.OtherTypes, actual.OtherTypes);
        Assert.Equal(expected.Scope, actual.Scope);
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.AppearanceRef, actual.AppearanceRef);
        Assert.Equal(expected.Location is null ? null : GeoJson.Write(expected.Location),
            actual.Location is null ? null : GeoJson.Write(actual.Location));
        Assert.Equal(expected.Properties.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Relationships.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.Relationships.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    // ---- create, get, delete, count ---------------------------------------------------------------------------

    [Fact]
    public async Task Create_then_get_returns_every_field()
    {
        var store = await StoreAsync();
        var entity = new Entity
        {
            Id = Id(EntityTypes.Hospital, "st-mary"),
            Type = EntityTypes.Hospital,
            Location = new Point(10.01, 50.02),
            AppearanceRef = "https://assets.example/st-mary.glb",
            Properties = Props(
                ("status", Text("degraded")),
                ("beds", Num(420, "C62")),
                ("name", Text("St Mary's")),
                ("emergency", Flag(true)),
                ("address", Json("""{"city":"Springfield","street":{"name":"Elm","no":12}}""")),
                ("occupancy", Num(0.87, "P1", T(30)))),
            Relationships = Rels(("refDistrict", Id(EntityTypes.District, "north"))),
        };

        Assert.Equal(WriteOutcome.Created, await store.CreateAsync(entity));

        var stored = await MustGetAsync(store, entity.Id);
        AssertSameEntity(entity, stored);
        Assert.NotNull(stored.CreatedAt);
        Assert.NotNull(stored.ModifiedAt);
        Assert.True(stored.ModifiedAt >= stored.CreatedAt);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        var store = await StoreAsync();
        Assert.Null(await store.GetAsync(RoadId("nowhere")));
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Create_of_an_existing_id_is_AlreadyExists_and_changes_nothing()
    {
        var store = await StoreAsync();
        var original = Road("r1", Props(("speed", Num(30, "KMH"))));
        await store.CreateAsync(original);

        var outcome = await store.CreateAsync(Road("r1", Props(("speed", Num(99)), ("lanes", Num(4)))));

        Assert.Equal(WriteOutcome.AlreadyExists, outcome);
        AssertSameEntity(original, await MustGetAsync(store, original.Id));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Delete_removes_the_entity_its_history_and_its_edges()
    {
        var store = await StoreAsync();
        var district = Id(EntityTypes.District, "north");
        await store.CreateAsync(Road("r1", Props(("speed", Num(30, "KMH", T(1)))), Rels(("refDistrict", district))));
        await store.CreateAsync(Road("r2"));

        Assert.True(await store.DeleteAsync(RoadId("r1")));

        Assert.Null(await store.GetAsync(RoadId("r1")));
        Assert.Null(await store.GetHistoryAsync(new TemporalQuery(RoadId("r1"))));
        Assert.Empty(await store.GetIncomingAsync(district));
        Assert.Equal(1, await store.CountAsync());
        Assert.False(await store.DeleteAsync(RoadId("r1")));
        Assert.False(await store.DeleteAsync(RoadId("never")));
        Assert.Equal(ObservationOutcome.UnknownEntity, (await store.ApplyAsync([Obs(RoadId("r1"), "speed", 40, 2)])).Outcomes[0]);
    }

    [Fact]
    public async Task A_deleted_id_can_be_created_again_from_scratch()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(30, null, T(1)))), location: new Point(1, 1)));
        await store.DeleteAsync(RoadId("r1"));

        var fresh = Road("r1", Props(("lanes", Num(2))));
        Assert.Equal(WriteOutcome.Created, await store.CreateAsync(fresh));

        AssertSameEntity(fresh, await MustGetAsync(store, fresh.Id));
        Assert.Empty(await HistoryAsync(store, fresh.Id, "speed"));
        Assert.Empty((await store.QueryAsync(new EntityQuery { Geo = new GeoQuery(GeoRelation.Near, new Point(1, 1), MaxDistance: 10) })).Items);
    }

    // ---- upsert -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Upsert_replace_leaves_exactly_the_given_attributes()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1",
            Props(("speed", Num(30, "KMH")), ("lanes", Num(2))),
            Rels(("refDistrict", Id(EntityTypes.District, "north"))),
            new Point(10, 50)) with { AppearanceRef = "a.glb" });
        var createdAt = (await MustGetAsync(store, RoadId("r1"))).CreatedAt;

        var replacement = Road("r1", Props(("speed", Num(50, "KMH")), ("surface", Text("asphalt")), ("status", Text("outOfService"))));
        var outcomes = await store.UpsertAsync([replacement], UpsertMode.Replace);

        Assert.Equal([WriteOutcome.Replaced], outcomes);
        var stored = await MustGetAsync(store, RoadId("r1"));
        AssertSameEntity(replacement, stored);
        Assert.Equal(createdAt, stored.CreatedAt);
        Assert.Empty(await store.GetIncomingAsync(Id(EntityTypes.District, "north")));
    }

    [Fact]
    public async Task Upsert_update_writes_the_given_attributes_and_keeps_the_others()
    {
        var store = await StoreAsync();
        var district = Id(EntityTypes.District, "north");
        await store.CreateAsync(Road("r1", Props(("speed", Num(30, "KMH")), ("lanes", Num(2))), Rels(("refDistrict", district)), new Point(10, 50)));

        var outcomes = await store.UpsertAsync([Road("r1", Props(("speed", Num(50, "KMH")), ("surface", Text("asphalt"))))], UpsertMode.Update);

        Assert.Equal([WriteOutcome.Updated], outcomes);
        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Props(("speed", Num(50, "KMH")), ("lanes", Num(2)), ("surface", Text("asphalt"))).OrderBy(p => p.Key, StringComparer.Ordinal),
            stored.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(district, stored.Relationships["refDistrict"].Object);
        Assert.Equal(GeoJson.Write(new Point(10, 50)), GeoJson.Write(stored.Location!));

        await store.UpsertAsync([Road("r1", location: new Point(11, 51))], UpsertMode.Update);
        Assert.Equal(GeoJson.Write(new Point(11, 51)), GeoJson.Write((await MustGetAsync(store, RoadId("r1"))).Location!));
    }

    [Fact]
    public async Task Upsert_reports_an_outcome_per_entity_in_input_order()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("b"));

        var replace = await store.UpsertAsync([Road("a"), Road("b"), Road("c")], UpsertMode.Replace);
        var update = await store.UpsertAsync([Road("c"), Road("d"), Road("a")], UpsertMode.Update);

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Replaced, WriteOutcome.Created], replace);
        Assert.Equal([WriteOutcome.Updated, WriteOutcome.Created, WriteOutcome.Updated], update);
        Assert.Equal(4, await store.CountAsync());
    }

    [Fact]
    public async Task Upsert_of_one_id_twice_in_a_batch_applies_both_in_order()
    {
        var store = await StoreAsync();

        var outcomes = await store.UpsertAsync(
            [Road("r1", Props(("speed", Num(30)))), Road("r1", Props(("lanes", Num(2)), ("speed", Num(40))))], UpsertMode.Update);

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Updated], outcomes);
        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Num(40), stored.Properties["speed"]);
        Assert.Equal(Num(2), stored.Properties["lanes"]);
    }

    [Fact]
    public async Task Upsert_of_many_entities_stores_them_all()
    {
        var store = await StoreAsync();
        var entities = Enumerable.Range(0, 500)
            .Select(i => Road($"r{i:D4}", Props(("speed", Num(i, "KMH", T(i)))), Rels(("refDistrict", Id(EntityTypes.District, $"d{i % 5}"))), new Point(10 + i * 1e-4, 50)))
            .ToArray();

        var outcomes = await store.UpsertAsync(entities, UpsertMode.Replace);

        Assert.All(outcomes, o => Assert.Equal(WriteOutcome.Created, o));
        Assert.Equal(500, await store.CountAsync());
        AssertSameEntity(entities[321], await MustGetAsync(store, entities[321].Id));
        Assert.Equal(100, (await store.GetIncomingAsync(Id(EntityTypes.District, "d3"))).Count);
        Assert.Equal([Num(321, "KMH", T(321))], await HistoryAsync(store, entities[321].Id, "speed"));
    }

    [Fact]
    public async Task Upsert_of_an_older_observation_keeps_the_newer_current_value()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(50, "KMH", T(10))))));

        await store.UpsertAsync([Road("r1", Props(("speed", Num(40, "KMH", T(5)))))], UpsertMode.Update);

        Assert.Equal(Num(50, "KMH", T(10)), (await MustGetAsync(store, RoadId("r1"))).Properties["speed"]);
        Assert.Equal([Num(40, "KMH", T(5)), Num(50, "KMH", T(10))], await HistoryAsync(store, RoadId("r1"), "speed"));
    }

    [Fact]
    public async Task Upsert_can_turn_a_property_into_a_relationship()
    {
        var store = await StoreAsync();
        var target = Id(EntityTypes.District, "north");
        await store.CreateAsync(Road("r1", Props(("district", Text("north")))));

        await store.UpsertAsync([Road("r1", relationships: Rels(("district", target)))], UpsertMode.Replace);

        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Empty(stored.Properties);
        Assert.Equal(target, stored.Relationships["district"].Object);
        Assert.Equal([new RelationshipEdge(RoadId("r1"), "district", target)], await store.GetIncomingAsync(target));
    }

    // ---- PATCH attrs ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Patch_of_an_unknown_entity_reports_it_not_found()
    {
        var store = await StoreAsync();
        var result = await store.UpdateAttributesAsync(RoadId("nowhere"), new AttributePatch { Properties = Props(("speed", Num(1))) });
        Assert.False(result.EntityFound);
        Assert.Empty(result.Updated);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Patch_updates_held_attributes_location_and_status_and_reports_the_rest()
    {
        var store = await StoreAsync();
        var oldDistrict = Id(EntityTypes.District, "north");
        var newDistrict = Id(EntityTypes.District, "south");
        await store.CreateAsync(Road("r1", Props(("speed", Num(30, "KMH")), ("name", Text("Elm"))), Rels(("refDistrict", oldDistrict)), new Point(10, 50)));
        var before = await MustGetAsync(store, RoadId("r1"));

        var result = await store.UpdateAttributesAsync(RoadId("r1"), new AttributePatch
        {
            Properties = Props(("speed", Num(60, "KMH")), ("lanes", Num(3))),
            Relationships = new Dictionary<string, Relationship> { ["refDistrict"] = new(newDistrict), ["name"] = new(oldDistrict) },
            Location = new Point(11, 51),
        });

        Assert.True(result.EntityFound);
        // name, a property, becomes a relationship: an update replaces what it names (5.6.2); lanes is not held.
        Assert.Equal(["location", "name", "refDistrict", "speed"], Ordinal(result.Updated));
        Assert.Equal(["lanes"], Ordinal(result.NotUpdated.Select(n => n.Attribute)));
        Assert.All(result.NotUpdated, n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));

        var after = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Num(60, "KMH"), after.Properties["speed"]);
        Assert.False(after.Properties.ContainsKey("name"));
        Assert.Equal(oldDistrict, after.Relationships["name"].Object);
        Assert.False(after.Properties.ContainsKey("lanes"));
        Assert.Equal(newDistrict, after.Relationships["refDistrict"].Object);
        Assert.Equal(GeoJson.Write(new Point(11, 51)), GeoJson.Write(after.Location!));
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.True(after.ModifiedAt >= before.ModifiedAt);
        Assert.Equal([new RelationshipEdge(RoadId("r1"), "name", oldDistrict)], await store.GetIncomingAsync(oldDistrict));
        Assert.Equal([new RelationshipEdge(RoadId("r1"), "refDistrict", newDistrict)], await store.GetIncomingAsync(newDistrict));
    }

    [Fact]
    public async Task Patch_with_a_property_for_a_relationship_replaces_it_and_its_edge()
    {
        var store = await StoreAsync();
        var district = Id(EntityTypes.District, "north");
        await store.CreateAsync(Road("r1", relationships: Rels(("refDistrict", district))));

        var result = await store.UpdateAttributesAsync(RoadId("r1"), new AttributePatch { Properties = Props(("refDistrict", Text("south"))) });

        Assert.Equal(["refDistrict"], result.Updated);
        Assert.Empty(result.NotUpdated);
        var after = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Text("south"), after.Properties["refDistrict"]);
        Assert.False(after.Relationships.ContainsKey("refDistrict"));
        Assert.Empty(await store.GetIncomingAsync(district));
    }

    [Fact]
    public async Task Patch_with_an_older_observation_goes_to_history_and_is_not_updated()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(50, "KMH", T(10))))));

        var older = await store.UpdateAttributesAsync(RoadId("r1"), new AttributePatch { Properties = Props(("speed", Num(40, "KMH", T(5)))) });
        var duplicate = await store.UpdateAttributesAsync(RoadId("r1"), new AttributePatch { Properties = Props(("speed", Num(50, "KMH", T(10)))) });
        var newer = await store.UpdateAttributesAsync(RoadId("r1"), new AttributePatch { Properties = Props(("speed", Num(55, "KMH", T(20)))) });

        Assert.Empty(older.Updated);
        Assert.Equal("speed", Assert.Single(older.NotUpdated).Attribute);
        Assert.Empty(duplicate.Updated);
        Assert.Equal("speed", Assert.Single(duplicate.NotUpdated).Attribute);
        Assert.Equal(["speed"], newer.Updated);
        Assert.Equal(Num(55, "KMH", T(20)), (await MustGetAsync(store, RoadId("r1"))).Properties["speed"]);
        Assert.Equal([Num(40, "KMH", T(5)), Num(50, "KMH", T(10)), Num(55, "KMH", T(20))], await HistoryAsync(store, RoadId("r1"), "speed"));
    }

    [Fact]
    public async Task Patch_with_an_invalid_value_throws_and_changes_nothing()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(30)), ("lanes", Num(2))), Rels(("refDistrict", Id(EntityTypes.District, "n")))));

        var badValue = await Assert.ThrowsAsync<InvalidEntityException>(() => store.UpdateAttributesAsync(RoadId("r1"),
            new AttributePatch { Properties = Props(("lanes", Num(3)), ("speed", Num(double.NaN))) }));
        var badTarget = await Assert.ThrowsAsync<InvalidEntityException>(() => store.UpdateAttributesAsync(RoadId("r1"),
            new AttributePatch { Relationships = new Dictionary<string, Relationship> { ["refDistrict"] = new("not a uri") } }));

        Assert.Equal("speed.value", badValue.Field);
        Assert.Equal("refDistrict.object", badTarget.Field);
        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Num(2), stored.Properties["lanes"]);
        Assert.Equal(Num(30), stored.Properties["speed"]);
    }

    // ---- validation -------------------------------------------------------------------------------------------

    public static TheoryData<string, string> InvalidEntities => new()
    {
        { "id", "not a uri" },
        { "type", "9lives" },
        { "scope[0]", "scope" },
        { "bad name", "attribute name" },
        { "location", "reserved name" },
        { "speed.value", "infinite number" },
        { "speed.unitCode", "unit" },
        { "refDistrict.object", "relationship object" },
        { "twin", "property and relationship" },
    };

    protected static Entity InvalidEntity(string field) => field switch
    {
        "id" => Road("r1") with { Id = "not a uri" },
        "type" => Road("r1") with { Type = "9lives" },
        "scope[0]" => Road("r1") with { Scope = ["no/leading/slash"] },
        "bad name" => Road("r1", Props(("bad name", Num(1)))),
        "location" => Road("r1", Props(("location", Num(1)))),
        "speed.value" => Road("r1", Props(("speed", Num(double.PositiveInfinity)))),
        "speed.unitCode" => Road("r1", Props(("speed", Num(1, "km/h")))),
        "refDistrict.object" => Road("r1", relationships: Rels(("refDistrict", "district north"))),
        "twin" => Road("r1", Props(("twin", Num(1))), Rels(("twin", Id(EntityTypes.Building, "b")))),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [MemberData(nameof(InvalidEntities))]
    public async Task An_invalid_entity_is_refused_naming_the_field(string field, string rule)
    {
        var store = await StoreAsync();
        var entity = InvalidEntity(field);

        var created = await Assert.ThrowsAsync<InvalidEntityException>(() => store.CreateAsync(entity));
        var upserted = await Assert.ThrowsAsync<InvalidEntityException>(() => store.UpsertAsync([entity], UpsertMode.Update));

        Assert.True(field == created.Field, $"{rule}: expected field '{field}', got '{created.Field}'");
        Assert.Equal(field, upserted.Field);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task An_upsert_batch_with_an_invalid_entity_throws_and_does_not_store_it()
    {
        var store = await StoreAsync();

        var e = await Assert.ThrowsAsync<InvalidEntityException>(() =>
            store.UpsertAsync([Road("ok"), InvalidEntity("speed.value") with { Id = RoadId("bad") }], UpsertMode.Replace));

        Assert.Equal("speed.value", e.Field);
        Assert.Null(await store.GetAsync(RoadId("bad")));
    }

    // ---- relationships ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Incoming_edges_list_every_source_pointing_at_a_target_in_id_order()
    {
        var store = await StoreAsync();
        var hospital = Id(EntityTypes.Hospital, "h1");
        await store.CreateAsync(new Entity { Id = hospital, Type = EntityTypes.Hospital });
        await store.CreateAsync(Road("b", relationships: Rels(("refHospital", hospital), ("refAlternative", hospital))));
        await store.CreateAsync(Road("a", relationships: Rels(("refHospital", hospital))));
        await store.CreateAsync(Road("c", relationships: Rels(("refHospital", Id(EntityTypes.Hospital, "h2")))));

        var incoming = await store.GetIncomingAsync(hospital);

        Assert.Equal(
        [
            new RelationshipEdge(RoadId("a"), "refHospital", hospital),
            new RelationshipEdge(RoadId("b"), "refAlternative", hospital),
            new RelationshipEdge(RoadId("b"), "refHospital", hospital),
        ], incoming);
        Assert.Single(await store.GetIncomingAsync(Id(EntityTypes.Hospital, "h2")));
        Assert.Empty(await store.GetIncomingAsync(RoadId("a")));
    }
}
