using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>
/// The temporal API's store contract: aggregated history (checked against values computed by hand in the comments)
/// edits of history by instant, and that deleting an attribute takes its history.
/// </summary>
public abstract partial class TwinStoreContract
{
    private static readonly AggregationMethod[] EveryMethod = Enum.GetValues<AggregationMethod>();

    /// <summary>
    /// speed (KMH): 10@0 20@10 20@20 40@30 50@40 60@50; state: "open"@5 "closed"@15 "open"@25; name is static.
    /// </summary>
    private async Task<ITwinStore> AggregationFixtureAsync()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("a1", Props(("name", Text("Elm")))));
        var id = RoadId("a1");
        await store.ApplyAsync([.. new[] { 10, 20, 20, 40, 50, 60 }.Select((v, i) => Obs(id, "speed", v, i * 10, "KMH"))]);
        await store.ApplyAsync([.. new[] { "open", "closed", "open" }.Select((v, i) => new Observation(id, "state", TwinValue.Of(v), T(5 + i * 10)))]);
        return store;
    }

    private static void AssertClose(double expected, double? actual) => Assert.Equal(expected, Assert.NotNull(actual), 9);

    [Fact]
    public async Task Aggregation_over_the_whole_history()
    {
        var store = await AggregationFixtureAsync();

        var aggregated = await store.AggregateHistoryAsync(new TemporalQuery(RoadId("a1")), new TemporalAggregation(EveryMethod, null));

        Assert.NotNull(aggregated);
        Assert.Equal(EntityTypes.RoadSegment, aggregated.Type);
        Assert.Equal(["speed", "state"], Ordinal(aggregated.Attributes.Keys));
        var speed = aggregated.Attributes["speed"];
        Assert.Equal((T(0), T(50)), (speed.Oldest, speed.Newest));
        var all = Assert.Single(speed.Periods);
        Assert.Equal(0, all.Bucket);
        Assert.Equal(6, all.TotalCount);
        Assert.Equal(5, all.DistinctCount); // 10, 20, 40, 50, 60
        AssertClose(200, all.Sum);
        AssertClose(200.0 / 6, all.Avg);
        AssertClose(10, all.Min);
        AssertClose(60, all.Max);
        AssertClose(8600, all.Sumsq); // 100 + 400 + 400 + 1600 + 2500 + 3600
        AssertClose(Math.Sqrt(8600.0 / 6 - 200.0 / 6 * (200.0 / 6)), all.Stddev); // population: E[x²] - E[x]², √322.2…
        var state = Assert.Single(aggregated.Attributes["state"].Periods);
        Assert.Equal((3L, 2L), (state.TotalCount, state.DistinctCount));
        Assert.Null(state.Sum); // text has no sum, average, extremes or deviation
        Assert.Null(state.Avg);
        Assert.Null(state.Max);
        Assert.Null(state.Stddev);
    }

    [Fact]
    public async Task Aggregation_by_period_counts_periods_from_timeAt()
    {
        var store = await AggregationFixtureAsync();
        var query = new TemporalQuery(RoadId("a1"), Relation: TimeRelation.Between, TimeAt: T(5), EndTimeAt: T(45));
        var aggregation = new TemporalAggregation(EveryMethod, TimeSpan.FromSeconds(20));

        var aggregated = await store.AggregateHistoryAsync(query, aggregation);

        // speed in [5, 45): 20@10 20@20 | 40@30 50@40, periods [5, 25) and [25, 45).
        var speed = aggregated!.Attributes["speed"];
        Assert.Equal([0L, 1L], speed.Periods.Select(p => p.Bucket));
        var (first, second) = (speed.Periods[0], speed.Periods[1]);
        Assert.Equal((2L, 1L), (first.TotalCount, first.DistinctCount));
        AssertClose(40, first.Sum);
        AssertClose(20, first.Avg);
        AssertClose(0, first.Stddev);
        AssertClose(800, first.Sumsq);
        Assert.Equal((2L, 2L), (second.TotalCount, second.DistinctCount));
        AssertClose(90, second.Sum);
        AssertClose(45, second.Avg);
        AssertClose(40, second.Min);
        AssertClose(50, second.Max);
        AssertClose(5, second.Stddev); // deviations ±5
        AssertClose(4100, second.Sumsq);
        Assert.Equal((T(5), T(25)), aggregation.Bounds(query, speed, 0));
        Assert.Equal((T(25), T(45)), aggregation.Bounds(query, speed, 1));
        // state in [5, 45): open@5 closed@15 | open@25.
        var state = aggregated.Attributes["state"];
        Assert.Equal([(2L, 2L), (1L, 1L)], state.Periods.Select(p => (p.TotalCount, p.DistinctCount)));
    }

    [Fact]
    public async Task Aggregation_leaves_out_empty_periods_and_counts_from_the_oldest_instance_without_timeAt()
    {
        var store = await AggregationFixtureAsync();
        var aggregation = new TemporalAggregation([AggregationMethod.TotalCount], TimeSpan.FromSeconds(5));

        var aggregated = await store.AggregateHistoryAsync(new TemporalQuery(RoadId("a1"), Attrs: ["state"]), aggregation);

        var state = Assert.Single(aggregated!.Attributes).Value;
        Assert.Equal([0L, 2L, 4L], state.Periods.Select(p => p.Bucket)); // 5, 15 and 25 from 5 by periods of 5
        Assert.Equal((T(15), T(20)), aggregation.Bounds(new TemporalQuery(RoadId("a1")), state, 2));
    }

    [Fact]
    public async Task Aggregation_takes_lastN_first_and_is_null_for_an_unknown_entity()
    {
        var store = await AggregationFixtureAsync();
        var aggregation = new TemporalAggregation([AggregationMethod.Sum], null);

        var lastTwo = await store.AggregateHistoryAsync(new TemporalQuery(RoadId("a1"), Attrs: ["speed"], LastN: 2), aggregation);

        AssertClose(110, Assert.Single(lastTwo!.Attributes["speed"].Periods).Sum); // 50 + 60
        Assert.Null(await store.AggregateHistoryAsync(new TemporalQuery(RoadId("nowhere")), aggregation));
    }

    [Fact]
    public async Task Deleting_an_older_instance_keeps_the_current_value()
    {
        var store = await AggregationFixtureAsync();
        var id = RoadId("a1");

        Assert.Equal(HistoryEdit.Done, await store.DeleteInstanceAsync(id, "speed", T(20)));

        var history = await store.GetHistoryAsync(new TemporalQuery(id));
        Assert.Equal([10, 20, 40, 50, 60], Series(history!, "speed"));
        Assert.Equal(Num(60, "KMH", T(50)), (await store.GetAsync(id))!.Properties["speed"]);
        Assert.Equal(HistoryEdit.NoInstance, await store.DeleteInstanceAsync(id, "speed", T(20)));
    }

    [Fact]
    public async Task Deleting_the_current_instance_makes_the_newest_remaining_one_current()
    {
        var store = await AggregationFixtureAsync();
        var id = RoadId("a1");

        Assert.Equal(HistoryEdit.Done, await store.DeleteInstanceAsync(id, "speed", T(50)));
        Assert.Equal(Num(50, "KMH", T(40)), (await store.GetAsync(id))!.Properties["speed"]);

        // A reading older than the new current one is history only; a newer one is current again.
        await store.ApplyAsync([Obs(id, "speed", 45, 35, "KMH"), Obs(id, "speed", 70, 60, "KMH")]);
        Assert.Equal(Num(70, "KMH", T(60)), (await store.GetAsync(id))!.Properties["speed"]);
        var history = await store.GetHistoryAsync(new TemporalQuery(id));
        Assert.Equal([10, 20, 20, 40, 45, 50, 70], Series(history!, "speed"));
    }

    [Fact]
    public async Task Deleting_the_last_instance_deletes_the_attribute()
    {
        var store = await StoreAsync();
        var id = RoadId("one");
        await store.CreateAsync(Road("one"));
        await store.ApplyAsync([Obs(id, "speed", 5, 1)]);

        Assert.Equal(HistoryEdit.Done, await store.DeleteInstanceAsync(id, "speed", T(1)));

        Assert.False((await store.GetAsync(id))!.Properties.ContainsKey("speed"));
        Assert.Empty((await store.GetHistoryAsync(new TemporalQuery(id)))!.Attributes);
    }

    [Fact]
    public async Task Replacing_an_instance_corrects_history_and_the_current_value_at_that_instant()
    {
        var store = await AggregationFixtureAsync();
        var id = RoadId("a1");

        Assert.Equal(HistoryEdit.Done, await store.ReplaceInstanceAsync(id, "speed", T(10), TwinValue.Of(15), "KMH"));
        Assert.Equal(Num(60, "KMH", T(50)), (await store.GetAsync(id))!.Properties["speed"]);
        Assert.Equal(HistoryEdit.Done, await store.ReplaceInstanceAsync(id, "speed", T(50), TwinValue.Of(65), "MPH"));

        Assert.Equal(Num(65, "MPH", T(50)), (await store.GetAsync(id))!.Properties["speed"]);
        var history = (await store.GetHistoryAsync(new TemporalQuery(id)))!;
        Assert.Equal([10, 15, 20, 40, 50, 65], Series(history, "speed"));
        Assert.Equal(Num(15, "KMH", T(10)), history.Attributes["speed"][1]);
    }

    [Fact]
    public async Task Instance_edits_name_what_is_missing()
    {
        var store = await AggregationFixtureAsync();
        var id = RoadId("a1");
        await store.UpsertAsync([Road("a1", Props(("name", Text("Elm"))), Rels(("refDistrict", Id(EntityTypes.District, "n"))))], UpsertMode.Update);

        Assert.Equal(HistoryEdit.NoEntity, await store.DeleteInstanceAsync(RoadId("nowhere"), "speed", T(10)));
        Assert.Equal(HistoryEdit.NoAttribute, await store.DeleteInstanceAsync(id, "nothing", T(10)));
        Assert.Equal(HistoryEdit.NoAttribute, await store.DeleteInstanceAsync(id, "name", T(10))); // static: no history
        Assert.Equal(HistoryEdit.NoAttribute, await store.ReplaceInstanceAsync(id, "refDistrict", T(10), TwinValue.Of(1), null));
        Assert.Equal(HistoryEdit.NoInstance, await store.ReplaceInstanceAsync(id, "speed", T(11), TwinValue.Of(1), null));
    }

    [Fact]
    public async Task Deleting_an_attribute_deletes_its_history()
    {
        var store = await AggregationFixtureAsync();
        var id = RoadId("a1");

        Assert.Equal(AttributeDeletion.Deleted, await store.DeleteAttributeAsync(id, "speed", datasetId: null, allInstances: false));

        Assert.False((await store.GetAsync(id))!.Properties.ContainsKey("speed"));
        Assert.Equal(["state"], (await store.GetHistoryAsync(new TemporalQuery(id)))!.Attributes.Keys);
        // Observed again, the attribute starts a new history.
        await store.ApplyAsync([Obs(id, "speed", 1, 5)]);
        var history = await store.GetHistoryAsync(new TemporalQuery(id));
        Assert.Equal([1], Series(history!, "speed"));
    }
}
