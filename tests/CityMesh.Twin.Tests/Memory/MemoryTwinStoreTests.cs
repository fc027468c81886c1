using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Tests.Storage;

namespace CityMesh.Twin.Tests.Memory;

/// <summary>The embedded store against the whole store contract.</summary>
public sealed class MemoryTwinStoreTests : TwinStoreContract
{
    protected override Task<ITwinStore> CreateStoreAsync(int historyDepth) => Task.FromResult<ITwinStore>(new MemoryTwinStore(historyDepth));

    /// <summary>
    /// .NET backtracks: the first match alone outlasts the budget, and the query stops there instead of spending a
    /// timeout on each of the two hundred entities.
    /// </summary>
    [Fact]
    public async Task One_regex_budget_covers_the_whole_query()
    {
        var store = await BacktrackingFixtureAsync();
        var budget = TimeSpan.FromMilliseconds(5);
        var byId = await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(new EntityQuery { IdPattern = SlowPattern, RegexTime = budget }));
        Assert.Equal("idPattern", byId.Parameter);
        Assert.Contains("5 ms in all", byId.Reason);
        Assert.Equal("q", (await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(SlowQ(budget)))).Parameter);
    }
}
