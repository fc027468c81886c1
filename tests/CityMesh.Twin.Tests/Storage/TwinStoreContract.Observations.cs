using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>Telemetry: the observedAt ordering rule, duplicates, bounded history and temporal queries.</summary>
public abstract partial class TwinStoreContract
{
    private static readonly ObservationOutcome Applied = ObservationOutcome.Applied;
    private static readonly ObservationOutcome HistoryOnly = ObservationOutcome.HistoryOnly;
    private static readonly ObservationOutcome Duplicate = ObservationOutcome.Duplicate;

    [Fact]
    public async Task Apply_of_an_empty_batch_returns_no_outcomes()
    {
        var store = await StoreAsync();
        Assert.Empty((await store.ApplyAsync([])).Outcomes);
    }

    [Fact]
    public async Task Apply_reports_unknown_entities_and_attributes_an_observation_cannot_set()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", relationships: Rels(("refDistrict", Id(EntityTypes.District, "n")))));

        var result = await store.ApplyAsync(
        [
            Obs(RoadId("nowhere"), "speed", 1, 1),
            Obs(RoadId("r1"), "refDistrict", 2, 1),
            Obs(RoadId("r1"), "location", 3, 1),
            Obs(RoadId("r1"), "type", 4, 1),
            Obs(RoadId("r1"), "speed", 5, 1, "KMH"),
        ]);

        Assert.Equal(
            [ObservationOutcome.UnknownEntity, ObservationOutcome.InvalidAttribute, ObservationOutcome.InvalidAttribute, ObservationOutcome.InvalidAttribute, Applied],
            result.Outcomes);
        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Id(EntityTypes.District, "n"), stored.Relationships["refDistrict"].Object);
        Assert.Equal(["speed"], stored.Properties.Keys);
        Assert.Null(await store.GetAsync(RoadId("nowhere")));
    }

    [Fact]
    public async Task Apply_creates_a_missing_property_as_a_dynamic_one()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1"));

        var result = await store.ApplyAsync(
        [
            Obs(RoadId("r1"), "speed", 42.5, 7, "KMH"),
            new Observation(RoadId("r1"), "congestion", TwinValue.Of("heavy"), T(7)),
            new Observation(RoadId("r1"), "closed", TwinValue.Of(false), T(7)),
        ]);

        Assert.Equal([Applied, Applied, Applied], result.Outcomes);
        var stored = await MustGetAsync(store, RoadId("r1"));
        Assert.Equal(Num(42.5, "KMH", T(7)), stored.Properties["speed"]);
        Assert.Equal(Text("heavy", T(7)), stored.Properties["congestion"]);
        Assert.Equal(new Property(TwinValue.Of(false), null, T(7)), stored.Properties["closed"]);
        Assert.Equal([Num(42.5, "KMH", T(7))], await HistoryAsync(store, RoadId("r1"), "speed"));
    }

    [Fact]
    public async Task Apply_over_a_static_property_makes_it_dynamic()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(30, "KMH")))));

        var result = await store.ApplyAsync([Obs(RoadId("r1"), "speed", 35, 1, "KMH")]);

        Assert.Equal([Applied], result.Outcomes);
        Assert.Equal(Num(35, "KMH", T(1)), (await MustGetAsync(store, RoadId("r1"))).Properties["speed"]);
    }

    [Fact]
    public async Task Apply_orders_by_observedAt_older_to_history_and_redeliveries_as_duplicates()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));

        async Task<ObservationOutcome> One(double value, int second) => (await store.ApplyAsync([Obs(id, "speed", value, second, "KMH")])).Outcomes[0];

        Assert.Equal(Applied, await One(50, 10));
        Assert.Equal(HistoryOnly, await One(40, 5));
        Assert.Equal(Duplicate, await One(50, 10));
        Assert.Equal(Duplicate, await One(40, 5));
        Assert.Equal(Applied, await One(60, 20));
        Assert.Equal(HistoryOnly, await One(45, 15));

        Assert.Equal(Num(60, "KMH", T(20)), (await MustGetAsync(store, id)).Properties["speed"]);
        Assert.Equal([Num(40, "KMH", T(5)), Num(50, "KMH", T(10)), Num(45, "KMH", T(15)), Num(60, "KMH", T(20))],
            await HistoryAsync(store, id, "speed"));
    }

    [Fact]
    public async Task Apply_at_a_held_instant_with_another_value_is_a_correction()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));
        await store.ApplyAsync([Obs(id, "speed", 40, 5), Obs(id, "speed", 50, 10)]);

        var current = await store.ApplyAsync([Obs(id, "speed", 51, 10)]);
        var past = await store.ApplyAsync([Obs(id, "speed", 41, 5)]);

        Assert.Equal([Applied], current.Outcomes);
        Assert.Equal([HistoryOnly], past.Outcomes);
        Assert.Equal(Num(51, null, T(10)), (await MustGetAsync(store, id)).Properties["speed"]);
        Assert.Equal([Num(41, null, T(5)), Num(51, null, T(10))], await HistoryAsync(store, id, "speed"));
    }

    [Fact]
    public async Task Apply_of_one_property_many_times_in_a_batch_behaves_as_in_sequence()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));

        var result = await store.ApplyAsync(
        [
            Obs(id, "speed", 2, 2),
            Obs(id, "speed", 1, 1),
            Obs(id, "speed", 3, 3),
            Obs(id, "speed", 3, 3),
            Obs(id, "speed", 2, 2),
            Obs(id, "flow", 7, 1),
            Obs(id, "speed", 2.5, 2),
        ]);

        Assert.Equal([Applied, HistoryOnly, Applied, Duplicate, Duplicate, Applied, HistoryOnly], result.Outcomes);
        var stored = await MustGetAsync(store, id);
        Assert.Equal(Num(3, null, T(3)), stored.Properties["speed"]);
        Assert.Equal(Num(7, null, T(1)), stored.Properties["flow"]);
        Assert.Equal([Num(1, null, T(1)), Num(2.5, null, T(2)), Num(3, null, T(3))], await HistoryAsync(store, id, "speed"));
    }

    [Fact]
    public async Task Apply_of_a_correction_and_its_undo_in_one_batch_ends_where_it_started()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1", Props(("speed", Num(50, null, T(10))))));

        var result = await store.ApplyAsync([Obs(id, "speed", 51, 10), Obs(id, "speed", 50, 10), Obs(id, "speed", 50, 10)]);

        Assert.Equal([Applied, Applied, Duplicate], result.Outcomes);
        Assert.Equal(Num(50, null, T(10)), (await MustGetAsync(store, id)).Properties["speed"]);
        Assert.Equal([Num(50, null, T(10))], await HistoryAsync(store, id, "speed"));
    }

    [Fact]
    public async Task Apply_keeps_outcomes_in_input_order_across_many_entities()
    {
        var store = await StoreAsync();
        await store.UpsertAsync([.. Enumerable.Range(0, 100).Select(i => Road($"r{i:D3}"))], UpsertMode.Replace);
        var observations = new List<Observation>();
        var expected = new List<ObservationOutcome>();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                observations.Add(Obs(RoadId($"r{i:D3}"), "speed", round * 1000 + i, round));
                expected.Add(Applied);
                if (i % 10 == 3)
                {
                    observations.Add(Obs(RoadId($"ghost{i}"), "speed", 1, round));
                    expected.Add(ObservationOutcome.UnknownEntity);
                }
            }
        }

        var result = await store.ApplyAsync(observations);

        Assert.Equal(expected, result.Outcomes);
        Assert.Equal(Num(4057, null, T(4)), (await MustGetAsync(store, RoadId("r057"))).Properties["speed"]);
        Assert.Equal(5, (await HistoryAsync(store, RoadId("r057"), "speed")).Count);
    }

    [Fact]
    public async Task Apply_advances_modifiedAt()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1"));
        var before = await MustGetAsync(store, RoadId("r1"));
        await Task.Delay(20);

        await store.ApplyAsync([Obs(RoadId("r1"), "speed", 1, 1)]);

        var after = await MustGetAsync(store, RoadId("r1"));
        Assert.True(after.ModifiedAt > before.ModifiedAt, $"{after.ModifiedAt:O} should be after {before.ModifiedAt:O}");
        Assert.Equal(before.CreatedAt, after.CreatedAt);
    }

    [Fact]
    public async Task History_keeps_the_newest_depth_observations_per_property()
    {
        var store = await StoreAsync(historyDepth: 4);
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));

        for (var s = 1; s <= 10; s++) await store.ApplyAsync([Obs(id, "speed", s, s), Obs(id, "flow", s * 10, s)]);
        await store.ApplyAsync([.. Enumerable.Range(11, 20).Select(s => Obs(id, "flow", s * 10, s))]);

        Assert.Equal([7, 8, 9, 10], (await HistoryAsync(store, id, "speed")).Select(p => p.Value.Number));
        Assert.Equal([270, 280, 290, 300], (await HistoryAsync(store, id, "flow")).Select(p => p.Value.Number));
        Assert.Equal(Num(10, null, T(10)), (await MustGetAsync(store, id)).Properties["speed"]);
    }

    [Fact]
    public async Task History_bound_holds_for_out_of_order_arrivals()
    {
        var store = await StoreAsync(historyDepth: 3);
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));

        var outcomes = new List<ObservationOutcome>();
        for (var s = 10; s >= 1; s--) outcomes.AddRange((await store.ApplyAsync([Obs(id, "speed", s, s)])).Outcomes);
        var evicted = await store.ApplyAsync([Obs(id, "speed", 2, 2)]);
        var held = await store.ApplyAsync([Obs(id, "speed", 9, 9)]);

        Assert.Equal([Applied, .. Enumerable.Repeat(HistoryOnly, 9)], outcomes);
        Assert.Equal([HistoryOnly], evicted.Outcomes);
        Assert.Equal([Duplicate], held.Outcomes);
        Assert.Equal([8, 9, 10], (await HistoryAsync(store, id, "speed")).Select(p => p.Value.Number));
        Assert.Equal(Num(10, null, T(10)), (await MustGetAsync(store, id)).Properties["speed"]);
    }

    [Fact]
    public async Task Static_properties_and_relationships_have_no_history()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("name", Text("Elm")), ("speed", Num(1, null, T(1)))), Rels(("refDistrict", Id(EntityTypes.District, "n")))));

        var history = await store.GetHistoryAsync(new TemporalQuery(RoadId("r1")));

        Assert.NotNull(history);
        Assert.Equal(RoadId("r1"), history.Id);
        Assert.Equal(EntityTypes.RoadSegment, history.Type);
        Assert.Equal(["speed"], history.Attributes.Keys);
    }

    // ---- temporal queries -------------------------------------------------------------------------------------

    private async Task<ITwinStore> TemporalFixtureAsync()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("name", Text("Elm")))));
        var id = RoadId("r1");
        await store.ApplyAsync([.. Enumerable.Range(1, 6).Select(s => Obs(id, "speed", s, s, "KMH"))]);
        await store.ApplyAsync([Obs(id, "flow", 40, 4), Obs(id, "flow", 20, 2)]);
        return store;
    }

    private static double[] Series(TemporalEntity entity, string attribute) =>
        entity.Attributes.TryGetValue(attribute, out var series) ? [.. series.Select(p => p.Value.Number)] : [];

    [Fact]
    public async Task Temporal_query_of_an_unknown_entity_is_null()
    {
        var store = await TemporalFixtureAsync();
        Assert.Null(await store.GetHistoryAsync(new TemporalQuery(RoadId("nowhere"))));
    }

    [Fact]
    public async Task Temporal_query_returns_every_kept_observation_oldest_first()
    {
        var store = await TemporalFixtureAsync();

        var all = await store.GetHistoryAsync(new TemporalQuery(RoadId("r1")));

        Assert.NotNull(all);
        Assert.Equal(["flow", "speed"], Ordinal(all.Attributes.Keys));
        Assert.Equal([1, 2, 3, 4, 5, 6], Series(all, "speed"));
        Assert.Equal([20, 40], Series(all, "flow"));
        Assert.Equal(Num(3, "KMH", T(3)), all.Attributes["speed"][2]);
    }

    [Fact]
    public async Task Temporal_query_before_after_and_between()
    {
        var store = await TemporalFixtureAsync();
        var id = RoadId("r1");

        var before = await store.GetHistoryAsync(new TemporalQuery(id, Relation: TimeRelation.Before, TimeAt: T(4)));
        var after = await store.GetHistoryAsync(new TemporalQuery(id, Relation: TimeRelation.After, TimeAt: T(4)));
        var between = await store.GetHistoryAsync(new TemporalQuery(id, Relation: TimeRelation.Between, TimeAt: T(2), EndTimeAt: T(5)));

        Assert.Equal([1, 2, 3], Series(before!, "speed"));
        Assert.Equal([20], Series(before!, "flow"));
        Assert.Equal([5, 6], Series(after!, "speed"));
        Assert.False(after!.Attributes.ContainsKey("flow"));
        Assert.Equal([2, 3, 4], Series(between!, "speed"));
        Assert.Equal([20, 40], Series(between!, "flow"));
    }

    [Fact]
    public async Task Temporal_query_lastN_keeps_the_newest_per_attribute_after_filtering()
    {
        var store = await TemporalFixtureAsync();
        var id = RoadId("r1");

        var last2 = await store.GetHistoryAsync(new TemporalQuery(id, LastN: 2));
        var before4Last2 = await store.GetHistoryAsync(new TemporalQuery(id, Relation: TimeRelation.Before, TimeAt: T(4), LastN: 2));

        Assert.Equal([5, 6], Series(last2!, "speed"));
        Assert.Equal([20, 40], Series(last2!, "flow"));
        Assert.Equal([2, 3], Series(before4Last2!, "speed"));
        Assert.Equal([20], Series(before4Last2!, "flow"));
    }

    [Fact]
    public async Task Temporal_query_attrs_selects_attributes()
    {
        var store = await TemporalFixtureAsync();

        var flowOnly = await store.GetHistoryAsync(new TemporalQuery(RoadId("r1"), Attrs: ["flow", "nothing"]));

        Assert.Equal(["flow"], flowOnly!.Attributes.Keys);
        Assert.Equal([20, 40], Series(flowOnly, "flow"));
    }
}
