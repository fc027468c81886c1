using CityMesh.Governance.Actions.Storage;
using CityMesh.LocalServers;
using Npgsql;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>One throwaway PostgreSQL cluster for the action store tests; a fresh schema per store.</summary>
public sealed class ActionPostgresFixture : IAsyncLifetime
{
    private LocalPostgresCluster? _cluster;
    private int _schemas;

    public async Task InitializeAsync() => _cluster = await LocalPostgresCluster.StartAsync("governance");

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    public async Task<string> FreshSchemaAsync()
    {
        var cluster = _cluster ?? throw new InvalidOperationException("the cluster has not started");
        var schema = $"actions_{Interlocked.Increment(ref _schemas)}";
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { SearchPath = schema }.ConnectionString;
    }
}

public sealed class PostgresActionStoreTests(ActionPostgresFixture fixture) : ActionStoreContract, IClassFixture<ActionPostgresFixture>
{
    protected override async Task<IActionStore> CreateStoreAsync()
    {
        var store = new PostgresActionStore(await fixture.FreshSchemaAsync());
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Stores_starting_together_create_the_table_once()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresActionStore(connectionString)).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        await stores[0].InitializeAsync();

        Assert.Null(await stores[1].GetAsync("none"));
        foreach (var store in stores) await store.DisposeAsync();
    }
}
