using CityMesh.LocalServers;
using Npgsql;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>One throwaway PostgreSQL cluster for the audit tests; each test gets its own schema, so its own table.</summary>
public sealed class AuditPostgresFixture : IAsyncLifetime
{
    private LocalPostgresCluster? _cluster;
    private int _schemas;

    public LocalPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync() => _cluster = await LocalPostgresCluster.StartAsync("audit");

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>A connection string whose search path starts in a new, empty schema.</summary>
    public async Task<string> FreshSchemaAsync()
    {
        var schema = $"audit_{Interlocked.Increment(ref _schemas)}";
        await ExecuteAsync(Cluster.ConnectionString, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(Cluster.ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
