using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>
/// The text rule (<see cref="StoredText"/>) and the regex budget: both stores refuse and allow the same, whatever their
/// engine would have done (PostgreSQL cannot hold NUL; the memory store could).
/// </summary>
public abstract partial class TwinStoreContract
{
    private const string Nul = "a\0b";
    private const string LoneSurrogate = "a\ud800b";

    public static TheoryData<string, string> BadTextEntities => new()
    {
        { "nul-text", "name.value" },
        { "surrogate-text", "name.value" },
        { "nul-json", "addr.value" },
        { "nul-id", "id" },
        { "nul-object", "refDistrict.object" },
        { "nul-appearance", "appearance" },
        { "nul-name", "na\0me" },
    };

    /// <summary>
    /// A road that breaks the text rule in one place, named by <paramref name="kind"/>. A JSON value cannot hold half a
    /// surrogate pair: <see cref="TwinValue.FromJson"/> refuses to write it.
    /// </summary>
    private static Entity BadTextRoad(string kind) => kind switch
    {
        "nul-text" => Road("t1", Props(("name", Text(Nul)))),
        "surrogate-text" => Road("t1", Props(("name", Text(LoneSurrogate)))),
        "nul-json" => Road("t1", Props(("addr", Json("""{"city":"a\u0000b"}""")))),
        "nul-id" => Road("t1") with { Id = RoadId("t\0") },
        "nul-object" => Road("t1", relationships: Rels(("refDistrict", "urn:ngsi-ld:District:test:\0"))),
        "nul-appearance" => Road("t1") with { AppearanceRef = "models/road\0.glb" },
        _ => Road("t1", Props(("na\0me", Num(1)))),
    };

    [Theory]
    [MemberData(nameof(BadTextEntities))]
    public async Task Text_a_store_cannot_keep_is_refused_naming_the_field_and_nothing_is_written(string kind, string field)
    {
        var store = await StoreAsync();
        var entity = BadTextRoad(kind);

        var created = await Assert.ThrowsAsync<InvalidEntityException>(() => store.CreateAsync(entity));
        Assert.Equal(field, created.Field);
        var upserted = await Assert.ThrowsAsync<InvalidEntityException>(() => store.UpsertAsync([Road("fine"), entity], UpsertMode.Replace));
        Assert.Equal(field, upserted.Field);

        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task A_patch_or_observation_with_a_nul_is_refused_and_the_entity_keeps_its_values()
    {
        var store = await StoreAsync();
        var road = Road("t1", Props(("name", Text("Elm")), ("note", Text("fine", T(0)))));
        await store.CreateAsync(road);

        var patch = new AttributePatch { Properties = Props(("name", Text(Nul))) };
        Assert.Equal("name.value", (await Assert.ThrowsAsync<InvalidEntityException>(() => store.UpdateAttributesAsync(road.Id, patch))).Field);
        var applied = await store.ApplyAsync([new Observation(road.Id, "note", TwinValue.Of(Nul), T(1))]);

        Assert.Equal([ObservationOutcome.InvalidAttribute], applied.Outcomes);
        AssertSameEntity(road, await MustGetAsync(store, road.Id));
    }

    [Fact]
    public async Task Text_with_every_other_character_is_kept_as_sent()
    {
        var store = await StoreAsync();
        const string text = "tab\t, newline\n, escape \u001b, emoji \ud83d\ude00, non-character \uffff, quote \", backslash \\";
        var road = Road("t1", Props(("name", Text(text)), ("addr", Json("""{"city":"\u001b\ud83d\ude00"}"""))));
        await store.CreateAsync(road);
        AssertSameEntity(road, await MustGetAsync(store, road.Id));
    }

    /// <summary>
    /// Two hundred roads whose ids (and names) make the pattern below backtrack: one match alone takes seconds in .NET.
    /// PostgreSQL's engine answers it in about a millisecond, so a store may refuse the query or answer it; never more.
    /// </summary>
    protected const string SlowPattern = @"^urn:ngsi-ld:RoadSegment:test:(a*)(a*)(a*)(a*)(a*)(a*)\6\5\4\3\2\1(a+)+$";

    protected async Task<ITwinStore> BacktrackingFixtureAsync()
    {
        var store = await StoreAsync();
        await store.UpsertAsync([.. Enumerable.Range(0, 200).Select(i => new string('a', 30) + "-" + i)
            .Select(local => Road(local, Props(("name", Text(RoadId(local))))))], UpsertMode.Replace);
        return store;
    }

    protected static EntityQuery SlowQ(TimeSpan budget) => new()
    {
        Q = new ComparisonTerm(new AttributePath("name"), ComparisonOperator.Matches, [TwinValue.Of(SlowPattern)]),
        RegexTime = budget,
    };

    [Fact]
    public async Task A_backtracking_pattern_is_refused_naming_its_parameter_or_answered_never_anything_else()
    {
        var store = await BacktrackingFixtureAsync();
        var budget = TimeSpan.FromMilliseconds(5);
        foreach (var (query, parameter) in new[] { (new EntityQuery { IdPattern = SlowPattern, RegexTime = budget }, "idPattern"), (SlowQ(budget), "q") })
        {
            try
            {
                var page = await store.QueryAsync(query);
                Assert.Equal(0, page.TotalCount); // the '-' suffix never matches
            }
            catch (QueryPatternException e)
            {
                Assert.Equal(parameter, e.Parameter);
                Assert.Contains("5 ms in all", e.Reason);
            }
        }
    }

    [Fact]
    public async Task A_cheap_pattern_over_many_entities_stays_within_the_budget()
    {
        var store = await StoreAsync();
        await store.UpsertAsync([.. Enumerable.Range(0, 200).Select(i => Road($"r{i:000}"))], UpsertMode.Replace);
        var page = await store.QueryAsync(new EntityQuery { IdPattern = "r1[0-4]7$", Limit = 100 });
        Assert.Equal([RoadId("r107"), RoadId("r117"), RoadId("r127"), RoadId("r137"), RoadId("r147")], page.Items.Select(e => e.Id));
    }
}
