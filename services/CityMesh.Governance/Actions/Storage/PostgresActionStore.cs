using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions.Lifecycle;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>
/// Actions in PostgreSQL: one row each, the whole action as jsonb beside the columns queries filter on. Changes are
/// <c>UPDATE ... WHERE id = @id AND status = @expected</c>, so of two concurrent decisions exactly one lands.
/// </summary>
public sealed class PostgresActionStore(string connectionString) : IActionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Replicas starting together would race on CREATE ... IF NOT EXISTS (a duplicate pg_type row); one at a time.
        await Execute(connection, "SELECT pg_advisory_xact_lock(hashtext('governance_action'))", ct);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS governance_action (
                id          text PRIMARY KEY,
                type        text NOT NULL,
                status      text NOT NULL,
                proposed_at timestamptz NOT NULL,
                expires_at  timestamptz NOT NULL,
                body        jsonb NOT NULL);
            CREATE INDEX IF NOT EXISTS governance_action_status_expiry ON governance_action (status, expires_at);
            """, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    public async Task<bool> TryAddAsync(GovernedAction action, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO governance_action (id, type, status, proposed_at, expires_at, body)
            VALUES (@id, @type, @status, @proposed_at, @expires_at, @body)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue("id", action.Id);
        command.Parameters.AddWithValue("type", action.Type);
        command.Parameters.AddWithValue("status", ActionLifecycle.Name(action.Status));
        command.Parameters.AddWithValue("proposed_at", action.Proposal.ProposedAt.ToUniversalTime());
        command.Parameters.AddWithValue("expires_at", action.Proposal.ExpiresAt.ToUniversalTime());
        command.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, ActionJson.Write(action));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<GovernedAction?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT body::text FROM governance_action WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) is string json ? ActionJson.Read(json) : null;
    }

    public async Task<IReadOnlyList<GovernedAction>> ListAsync(ActionQuery query, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT body::text FROM governance_action
            WHERE (@status::text IS NULL OR status = @status) AND (@type::text IS NULL OR type = @type)
              AND (@incident::text IS NULL OR body->'proposal'->>'incident' = @incident)
            ORDER BY proposed_at DESC, id LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("status", query.Status is { } s ? ActionLifecycle.Name(s) : null));
        command.Parameters.Add(new NpgsqlParameter<string?>("type", query.Type));
        command.Parameters.Add(new NpgsqlParameter<string?>("incident", query.Incident));
        command.Parameters.AddWithValue("limit", query.Limit);
        return await ReadAllAsync(command, ct);
    }

    public async Task<IReadOnlyDictionary<ActionStatus, long>> CountByStatusAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT status, count(*) FROM governance_action GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<ActionStatus, long>();
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            // Written by ActionLifecycle.Name: kebab-case of the enum member.
            var status = Enum.GetValues<ActionStatus>().First(s => ActionLifecycle.Name(s) == name);
            counts[status] = reader.GetInt64(1);
        }
        return counts;
    }

    public async Task<bool> TryReplaceAsync(GovernedAction next, ActionStatus expected, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE governance_action SET status = @status, body = @body WHERE id = @id AND status = @expected");
        command.Parameters.AddWithValue("id", next.Id);
        command.Parameters.AddWithValue("status", ActionLifecycle.Name(next.Status));
        command.Parameters.AddWithValue("expected", ActionLifecycle.Name(expected));
        command.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, ActionJson.Write(next));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<GovernedAction>> ListOverdueAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT body::text FROM governance_action
            WHERE status = @status AND expires_at < @now
            ORDER BY expires_at, id LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", ActionLifecycle.Name(ActionStatus.Proposed));
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<IReadOnlyList<GovernedAction>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var actions = new List<GovernedAction>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) actions.Add(ActionJson.Read(reader.GetString(0)));
        return actions;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
