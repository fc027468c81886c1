using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>Many writers at once: every write lands whole, none is lost.</summary>
public abstract partial class TwinStoreContract
{
    private const int Writers = 8;

    private static Task RunWritersAsync(Func<int, Task> writer) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => writer(w))));

    [Fact]
    public async Task Concurrent_creates_of_one_id_create_it_once()
    {
        var store = await StoreAsync();
        var outcomes = new WriteOutcome[Writers * 2];

        await Task.WhenAll(Enumerable.Range(0, outcomes.Length).Select(i => Task.Run(async () =>
            outcomes[i] = await store.CreateAsync(Road("r1", Props(("writer", Num(i))))))));

        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Created));
        Assert.Equal(outcomes.Length - 1, outcomes.Count(o => o == WriteOutcome.AlreadyExists));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Concurrent_telemetry_for_one_entity_loses_no_property()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));

        await RunWritersAsync(async w =>
        {
            for (var s = 0; s < 20; s++)
            {
                var result = await store.ApplyAsync([Obs(id, $"p{w}", s, s), Obs(id, $"q{w}", -s, s)]);
                Assert.Equal([ObservationOutcome.Applied, ObservationOutcome.Applied], result.Outcomes);
            }
        });

        var stored = await MustGetAsync(store, id);
        Assert.Equal(Writers * 2, stored.Properties.Count);
        for (var w = 0; w < Writers; w++)
        {
            Assert.Equal(Num(19, null, T(19)), stored.Properties[$"p{w}"]);
            Assert.Equal([12, 13, 14, 15, 16, 17, 18, 19], (await HistoryAsync(store, id, $"p{w}")).Select(p => p.Value.Number));
        }
    }

    [Fact]
    public async Task Concurrent_telemetry_for_one_property_keeps_the_newest()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1"));
        var outcomes = new List<ObservationOutcome>();

        await RunWritersAsync(async w =>
        {
            for (var s = w; s < Writers * 20; s += Writers)
            {
                var result = await store.ApplyAsync([Obs(id, "speed", s, s)]);
                lock (outcomes) outcomes.AddRange(result.Outcomes);
            }
        });

        Assert.Equal(Writers * 20, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o is ObservationOutcome.Applied or ObservationOutcome.HistoryOnly, o.ToString()));
        Assert.Equal(Num(159, null, T(159)), (await MustGetAsync(store, id)).Properties["speed"]);
        Assert.Equal(Enumerable.Range(152, 8).Select(s => (double)s), (await HistoryAsync(store, id, "speed")).Select(p => p.Value.Number));
    }

    [Fact]
    public async Task Concurrent_patches_upserts_and_telemetry_on_one_entity_all_land()
    {
        var store = await StoreAsync();
        var id = RoadId("r1");
        await store.CreateAsync(Road("r1", Props([.. Enumerable.Range(0, Writers).Select(w => ($"a{w}", Num(-1)))])));

        await RunWritersAsync(async w =>
        {
            for (var i = 0; i < 10; i++)
            {
                var patched = await store.UpdateAttributesAsync(id, new AttributePatch { Properties = Props(($"a{w}", Num(i))) });
                Assert.Equal([$"a{w}"], patched.Updated);
                await store.UpsertAsync([Road("r1", Props(($"u{w}", Num(i))))], UpsertMode.Update);
                await store.ApplyAsync([Obs(id, $"t{w}", i, i)]);
            }
        });

        var stored = await MustGetAsync(store, id);
        Assert.Equal(Writers * 3, stored.Properties.Count);
        for (var w = 0; w < Writers; w++)
        {
            Assert.Equal(Num(9), stored.Properties[$"a{w}"]);
            Assert.Equal(Num(9), stored.Properties[$"u{w}"]);
            Assert.Equal(Num(9, null, T(9)), stored.Properties[$"t{w}"]);
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_many_entities_and_a_reader_see_whole_writes()
    {
        var store = await StoreAsync();
        var ids = Enumerable.Range(0, 40).Select(i => RoadId($"r{i:D2}")).ToArray();
        await store.UpsertAsync([.. ids.Select(id => new Entity { Id = id, Type = EntityTypes.RoadSegment })], UpsertMode.Replace);

        var writers = RunWritersAsync(async w =>
        {
            for (var s = 1; s <= 10; s++)
            {
                // Each batch writes one pair per entity; a reader must never see half a pair.
                var batch = ids.SelectMany(id => new[] { Obs(id, $"in{w}", s, s), Obs(id, $"out{w}", s, s) }).ToArray();
                await store.ApplyAsync(batch);
            }
        });
        while (!writers.IsCompleted)
        {
            var page = await store.QueryAsync(new EntityQuery { Limit = 40 });
            foreach (var entity in page.Items)
            {
                for (var w = 0; w < Writers; w++)
                {
                    entity.Properties.TryGetValue($"in{w}", out var a);
                    entity.Properties.TryGetValue($"out{w}", out var b);
                    Assert.Equal(a?.Value, b?.Value);
                }
            }
        }
        await writers;

        foreach (var id in ids.Where((_, i) => i % 7 == 0))
        {
            var stored = await MustGetAsync(store, id);
            Assert.Equal(Writers * 2, stored.Properties.Count);
            Assert.All(stored.Properties.Values, p => Assert.Equal(10, p.Value.Number));
        }
    }
}
