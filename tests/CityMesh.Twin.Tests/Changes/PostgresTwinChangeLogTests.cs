using CityMesh.Twin.Changes;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Postgres;
using CityMesh.Twin.Tests.Storage;
using Npgsql;

namespace CityMesh.Twin.Tests.Changes;

/// <summary>The change log in PostgreSQL, beside a store in a fresh schema; two logs on one database are two replicas.</summary>
public sealed class PostgresTwinChangeLogTests(PostgresClusterFixture fixture) : TwinChangeLogContract, IClassFixture<PostgresClusterFixture>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _stores = [];

    protected override async Task<ITwinChangeLog> CreateAsync() => (await CreateWithStoreAsync()).Log;

    private async Task<(PostgresTwinChangeLog Log, string ConnectionString)> CreateWithStoreAsync(TimeSpan? retention = null)
    {
        var connection = await fixture.FreshSchemaAsync();
        var store = new PostgresTwinStore(connection);
        _stores.Add(store);
        await store.InitializeAsync();
        var log = (PostgresTwinChangeLog)TwinStores.CreateChangeLog(
            new TwinOptions { Store = "postgres", ConnectionString = connection, ChangeLogRetention = retention ?? TimeSpan.FromHours(1), ChangeLogPollInterval = TimeSpan.FromMilliseconds(20) },
            store);
        return (log, connection);
    }

    [Fact]
    public async Task Replicas_on_one_database_share_the_log_so_a_watcher_resumes_on_either()
    {
        var (one, connection) = await CreateWithStoreAsync();
        var store = new PostgresTwinStore(connection);
        _stores.Add(store);
        var two = (PostgresTwinChangeLog)TwinStores.CreateChangeLog(new TwinOptions { Store = "postgres", ConnectionString = connection }, store);

        var start = await one.HeadAsync();
        await one.AppendAsync([Change(1)]);
        await two.AppendAsync([Change(2)]);

        Assert.Equal(await one.HeadAsync(), await two.HeadAsync());
        var fromOne = await one.ReadAfterAsync(start, 1);
        var restFromTwo = await two.ReadAfterAsync(fromOne[0].Position, 10);
        Assert.Equal([Entity(1), Entity(2)], fromOne.Concat(restFromTwo).Select(c => c.Change.Id));
    }

    [Fact]
    public async Task Trimmed_changes_make_older_positions_gone_naming_the_retention_setting()
    {
        var (log, connection) = await CreateWithStoreAsync(retention: TimeSpan.FromMinutes(10));
        var start = await log.HeadAsync();
        await log.AppendAsync([Change(1), Change(2)]);
        var afterFirst = (await log.ReadAfterAsync(start, 1))[0].Position;
        await log.AppendAsync([Change(3)]);
        // Age the first two past the retention, as if written an hour ago.
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE twin_change SET recorded_at = now() - interval '1 hour' WHERE position <= (SELECT min(position) + 1 FROM twin_change)", db);
            Assert.Equal(2, await age.ExecuteNonQueryAsync());
        }
        await log.TrimNowAsync();

        var gone = await Assert.ThrowsAsync<ChangePositionGoneException>(() => log.ReadAfterAsync(afterFirst, 10));
        Assert.Contains("CityMesh:Twin:ChangeLogRetention", gone.Message);
        var head = await log.HeadAsync();
        var kept = await log.ReadAfterAsync(head with { Sequence = head.Sequence - 1 }, 10);
        Assert.Equal(Entity(3), Assert.Single(kept).Change.Id);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }
}
