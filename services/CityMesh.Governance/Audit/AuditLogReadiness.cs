using Npgsql;

namespace CityMesh.Governance.Audit;

/// <summary>
/// The audit log's round trip for readiness: <c>SELECT 1</c> on the log's database through a data source of its own,
/// at most one connection, so readiness never takes a connection an append is waiting for. The in-memory log always
/// answers.
/// </summary>
public sealed class AuditLogReadiness(AuditLogOptions options) : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _dataSource = options.Store == "postgres" && !string.IsNullOrWhiteSpace(options.ConnectionString)
        ? new NpgsqlDataSourceBuilder(options.ConnectionString) { ConnectionStringBuilder = { MaxPoolSize = 1 } }.Build()
        : null;

    public async Task PingAsync(CancellationToken ct)
    {
        if (_dataSource is null) return;
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync() => _dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
