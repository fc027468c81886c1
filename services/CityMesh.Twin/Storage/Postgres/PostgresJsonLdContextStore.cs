using CityMesh.Twin.Ngsi.JsonLd;
using Npgsql;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>The twin's JSON-LD contexts in <c>jsonld_context</c> (migration 5), in the city's schema.</summary>
internal sealed class PostgresJsonLdContextStore(NpgsqlDataSource dataSource) : IJsonLdContextStore
{
    private const string Columns = "local_id, kind, url, document, created_at, fetched_at";

    public async Task<IReadOnlyList<StoredJsonLdContext>> LoadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jsonld_context ORDER BY created_at, local_id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var contexts = new List<StoredJsonLdContext>();
        while (await reader.ReadAsync(ct)) contexts.Add(Read(reader));
        return contexts;
    }

    public async Task<StoredJsonLdContext?> FindAsync(string localId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jsonld_context WHERE local_id = $1");
        command.Parameters.Add(new() { Value = localId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task SaveAsync(StoredJsonLdContext context, CancellationToken ct)
    {
        // A cached URL fetched by two replicas at once: the later copy wins, under the first one's local id.
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO jsonld_context ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (local_id) DO UPDATE SET document = excluded.document, fetched_at = excluded.fetched_at
            """);
        command.Parameters.Add(new() { Value = context.LocalId });
        command.Parameters.Add(new() { Value = context.Kind.ToString() });
        command.Parameters.Add(new() { Value = (object?)context.Url ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = context.Document });
        command.Parameters.Add(new() { Value = context.CreatedAt.UtcDateTime });
        command.Parameters.Add(new() { Value = (object?)context.FetchedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && context.Url is not null)
        {
            // Another replica cached the same URL under its own id: keep theirs, refreshed.
            await using var refresh = dataSource.CreateCommand("UPDATE jsonld_context SET document = $2, fetched_at = $3 WHERE url = $1");
            refresh.Parameters.Add(new() { Value = context.Url });
            refresh.Parameters.Add(new() { Value = context.Document });
            refresh.Parameters.Add(new() { Value = (object?)context.FetchedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            await refresh.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task DeleteAsync(string localId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM jsonld_context WHERE local_id = $1");
        command.Parameters.Add(new() { Value = localId });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static StoredJsonLdContext Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        Enum.Parse<ContextKind>(reader.GetString(1)),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
        reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero));
}
