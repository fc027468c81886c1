using System.Diagnostics;
using System.Globalization;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// The deployments' store: PostgreSQL with PostGIS. Each write runs in one transaction that first locks the entity
/// rows it touches, in id order, so a write to one entity is whole and concurrent writers neither lose updates nor
/// deadlock; a read sees every write committed before it, and each entity whole. Large telemetry batches go through
/// <see cref="ObservationWriter"/>, everything else entity-shaped through <see cref="EntityChangeSet"/>.
/// </summary>
public sealed partial class PostgresTwinStore : ITwinStore
{
    private const int MaxAttempts = 5;

    /// <summary>Entities per transaction in a large upsert: bounds lock time and memory, keeps input order.</summary>
    private const int UpsertChunk = 2000;

    /// <summary>Telemetry batches up to this size take the entity-by-entity path (tests set 0 to force the set-based one).</summary>
    internal int SmallBatchLimit { get; init; } = 512;

    /// <summary>A telemetry batch is split into parts of at least this many observations, at most one per core (≤ 4).</summary>
    private const int ObservationsPerPart = 8192;

    private static readonly int MaxApplyParts = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>The schema the store made its own (<see cref="InSchema"/>), created on first use; null: the search path's.</summary>
    private string? _schema;
    internal readonly int _historyDepth;
    private readonly ObservationWriter _observations;

    /// <param name="connectionString">Npgsql connection string; the store's tables live in its first search-path schema.</param>
    public PostgresTwinStore(string connectionString, int historyDepth = 64)
        : this(CreateDataSource(connectionString), historyDepth, ownsDataSource: true)
    {
    }

    public PostgresTwinStore(NpgsqlDataSource dataSource, int historyDepth = 64)
        : this(dataSource, historyDepth, ownsDataSource: false)
    {
    }

    private PostgresTwinStore(NpgsqlDataSource dataSource, int historyDepth, bool ownsDataSource)
    {
        if (historyDepth < 1) throw new ArgumentOutOfRangeException(nameof(historyDepth), historyDepth, "must be at least 1");
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _historyDepth = historyDepth;
        _observations = new ObservationWriter(historyDepth);
    }

    /// <summary>
    /// A store whose tables live in <paramref name="schema"/> of the same database, created on first use: an NGSI-LD
    /// tenant's (<c>Tenancy.TwinTenants</c>). The schema comes first on the search path, so every statement of the
    /// store stays as it is and no tenant's query can reach another's tables. The city's store is prepared first, so
    /// PostGIS is already installed, in <c>public</c>.
    /// </summary>
    /// <param name="schema">Lowercase letters, digits and underscores, starting with a letter.</param>
    public static PostgresTwinStore InSchema(string connectionString, string schema, int historyDepth = 64)
    {
        if (schema.Length is 0 or > 63 || schema[0] is < 'a' or > 'z' || schema.Any(c => c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or '_')))
            throw new ArgumentException($"'{schema}' is not a schema name this store uses: lowercase letters, digits and underscores, starting with a letter, at most 63", nameof(schema));
        return new PostgresTwinStore(CreateDataSource(connectionString, schema), historyDepth, ownsDataSource: true) { _schema = schema };
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString, string? schema = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // PostGIS lives where the city's store installed it (public): found after the tenant's own tables.
        if (schema is not null) builder.ConnectionStringBuilder.SearchPath = $"{schema},public";
        // The store's statements are short: compiling them costs more than it saves. Telemetry stages a batch in
        // temp tables, which spill to files past temp_buffers (default 8 MB, about 40,000 observations).
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c jit=off -c temp_buffers=64MB".Trim();
        // Keep those temp tables between uses of a pooled connection rather than recreating them on every batch
        // (DISCARD ALL would drop them); the store only ever changes settings for one transaction.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // Planning the telemetry statements costs more than running them for a small batch: prepare what repeats.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return builder.Build();
    }

    /// <summary>Where the store's tables are; the change log beside it (<c>TwinStores.CreateChangeLog</c>) shares them.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_schema is not null) await PostgresSchema.CreateSchemaAsync(_dataSource, _schema, ct);
        await PostgresSchema.MigrateAsync(_dataSource, ct);
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource) await _dataSource.DisposeAsync();
    }

    // ---- writes -----------------------------------------------------------------------------------------------

    public Task<WriteOutcome> CreateAsync(Entity entity, CancellationToken ct = default)
    {
        EntityValidator.Validate(entity);
        return WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var created = await EntityChangeSet.InsertMissingAsync(connection, transaction, [entity], ct);
            if (created.Count == 0) return WriteOutcome.AlreadyExists;
            var changes = EntityChangeSet.ForInserted(_historyDepth, [entity]);
            changes.Upsert(entity, UpsertMode.Replace);
            await changes.FlushAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return WriteOutcome.Created;
        }, ct);
    }

    public async Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<Entity> entities, UpsertMode mode, CancellationToken ct = default)
    {
        foreach (var entity in entities) EntityValidator.Validate(entity);
        var outcomes = new List<WriteOutcome>(entities.Count);
        foreach (var chunk in entities.Chunk(UpsertChunk))
        {
            outcomes.AddRange(await WithConnectionAsync(async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var firsts = chunk.DistinctBy(e => e.Id, StringComparer.Ordinal).ToArray();
                var created = await EntityChangeSet.InsertMissingAsync(connection, transaction, firsts, ct);
                var instants = chunk.SelectMany(e => EntityChangeSet.InstantsOf(e.Id, e.Properties)).ToArray();
                var changes = await EntityChangeSet.LoadAsync(connection, transaction, _historyDepth,
                    [.. firsts.Select(e => e.Id)], instants, created, ct);
                var chunkOutcomes = chunk.Select(e => changes.Upsert(e, mode)).ToArray();
                await changes.FlushAsync(connection, transaction, ct);
                await transaction.CommitAsync(ct);
                return chunkOutcomes;
            }, ct));
        }
        return outcomes;
    }

    public Task<AttributeUpdateResult> UpdateAttributesAsync(string id, AttributePatch patch, CancellationToken ct = default)
    {
        AttributeRules.Validate(patch);
        return WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changes = await EntityChangeSet.LoadAsync(connection, transaction, _historyDepth,
                [id], [.. EntityChangeSet.InstantsOf(id, patch.Properties)], new HashSet<string>(), ct);
            if (!changes.Contains(id)) return AttributeUpdateResult.EntityNotFound;
            var result = changes.Patch(id, patch);
            await changes.FlushAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return result;
        }, ct);
    }

    /// <summary>
    /// A large batch is split by entity over a few connections, so the database works on it with more than one
    /// core: each entity's observations stay together and in order in one transaction, which keeps every write to
    /// an entity whole. Should one part fail, the others may have landed; sending the batch again is safe, since
    /// what landed comes back as duplicates.
    /// </summary>
    public async Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
    {
        if (observations.Count == 0) return new ObservationBatchResult([]);
        if (observations.Count <= SmallBatchLimit) return new ObservationBatchResult(await ApplyFewAsync(observations, ct));
        var parts = Math.Min(MaxApplyParts, observations.Count / ObservationsPerPart);
        if (parts <= 1)
            return new ObservationBatchResult(await WithConnectionAsync(connection => _observations.ApplyAsync(connection, observations, ct), ct));

        var members = Enumerable.Range(0, parts).Select(_ => new List<int>(observations.Count / parts + 16)).ToArray();
        for (var i = 0; i < observations.Count; i++)
            members[(StringComparer.Ordinal.GetHashCode(observations[i].EntityId) & int.MaxValue) % parts].Add(i);
        var outcomes = new ObservationOutcome[observations.Count];
        await Task.WhenAll(members.Select(async part =>
        {
            var slice = part.Select(i => observations[i]).ToArray();
            var sliceOutcomes = await WithConnectionAsync(connection => _observations.ApplyAsync(connection, slice, ct), ct);
            for (var k = 0; k < part.Count; k++) outcomes[part[k]] = sliceOutcomes[k];
        }));
        return new ObservationBatchResult(outcomes);
    }

    /// <summary>
    /// A few observations (a gateway's event, a single reading) skip the staging tables, whose fixed cost would
    /// dominate: the entities are locked and loaded like an upsert's, and the same rules run here.
    /// </summary>
    private Task<ObservationOutcome[]> ApplyFewAsync(IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        var settable = observations.Select(o => ObservationWriter.CanSet(o)).ToArray();
        var ids = observations.Where((_, i) => settable[i]).Select(o => o.EntityId).ToArray();
        var instants = observations.Where((_, i) => settable[i])
            .Select(o => new EntityChangeSet.Instant(o.EntityId, o.Attribute, ValueColumns.ToMicroseconds(o.ObservedAt))).ToArray();
        return WithConnectionAsync(async connection =>
        {
            var outcomes = new ObservationOutcome[observations.Count];
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changes = await EntityChangeSet.LoadAsync(connection, transaction, _historyDepth, ids, instants, new HashSet<string>(), ct);
            for (var i = 0; i < observations.Count; i++)
                outcomes[i] = settable[i] ? changes.Observe(observations[i]) : ObservationOutcome.InvalidAttribute;
            await changes.FlushAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return outcomes;
        }, ct);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two statements: the history delete must see rows committed while the first one waited for the entity's lock.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM entity WHERE id = $1") { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand("DELETE FROM attribute_history WHERE entity_id = $1") { Parameters = { new() { Value = id } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return batch.BatchCommands[0].RecordsAffected > 0;
    }, ct);

    // ---- reads ------------------------------------------------------------------------------------------------

    public Task<Entity?> GetAsync(string id, CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {EntityRows.Columns()}
            FROM entity e LEFT JOIN entity_attribute a ON a.entity_id = e.id
            WHERE e.id = $1
            """, connection) { Parameters = { new() { Value = id } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return (await EntityRows.ReadAsync(reader, ct)).SingleOrDefault();
    }, ct);

    public Task<EntityPage> QueryAsync(EntityQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        var countParameters = new SqlParameters();
        var count = countParameters.Command($"SELECT count(*) FROM entity e WHERE {EntityQuerySql.Where(query, countParameters)}");

        var pageParameters = new SqlParameters();
        var where = EntityQuerySql.Where(query, pageParameters);
        // Keyset: ids are COLLATE "C", so > is the ordinal order the pages come in. The count ignores it, as documented.
        if (query.IdAfter is { } after) where += $" AND e.id > {pageParameters.Text(after)}";
        var projection = query.Attrs is null ? "" : $"AND a.name = ANY({pageParameters.TextArray(query.Attrs)})";
        var withLocation = query.Attrs is null || query.Attrs.Contains("location");
        var page = pageParameters.Command($"""
            SELECT {EntityRows.Columns(withLocation)}
            FROM (SELECT e.id FROM entity e WHERE {where} ORDER BY e.id LIMIT {query.Limit} OFFSET {query.Offset}) page
            JOIN entity e ON e.id = page.id
            LEFT JOIN entity_attribute a ON a.entity_id = e.id {projection}
            ORDER BY e.id
            """);

        return WithConnectionAsync(async connection =>
        {
            var patterns = query.PatternParameter;
            try
            {
                return patterns is null ? await PageAsync(connection, count, query.Limit > 0 ? page : null, ct) : await PageWithinAsync(connection, query, count, page, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidRegularExpression)
            {
                // PostgreSQL's regex dialect is not .NET's, which checked the pattern: name the parameter either way.
                throw new QueryPatternException(patterns ?? "q", $"is not a regular expression PostgreSQL accepts: {e.MessageText}");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && patterns is not null && !ct.IsCancellationRequested)
            {
                throw new QueryPatternException(patterns, RegexBudget.Spent(query.RegexTime));
            }
        }, ct);
    }

    private static async Task<EntityPage> PageAsync(NpgsqlConnection connection, NpgsqlBatchCommand count, NpgsqlBatchCommand? page, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { count } };
        if (page is not null) batch.BatchCommands.Add(page);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt64(0);
        var items = page is not null && await reader.NextResultAsync(ct) ? await EntityRows.ReadAsync(reader, ct) : [];
        return new EntityPage(items, (int)total);
    }

    /// <summary>
    /// A query that matches regular expressions in SQL runs its count and then its page, each under a statement timeout of
    /// what is left of <see cref="EntityQuery.RegexTime"/>: the database applies the pattern to every entity it scans,
    /// so the statements' time stands for the patterns' time. Each batch is one implicit transaction, which the local
    /// setting does not outlive.
    /// </summary>
    private static async Task<EntityPage> PageWithinAsync(NpgsqlConnection connection, EntityQuery query, NpgsqlBatchCommand count, NpgsqlBatchCommand page, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var total = await ScalarWithinAsync(connection, count, query.RegexTime, ct);
        if (query.Limit == 0) return new EntityPage([], (int)total);
        var left = query.RegexTime - Stopwatch.GetElapsedTime(started);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { StatementTimeout(left, query), page } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return new EntityPage(await EntityRows.ReadAsync(reader, ct), (int)total);
    }

    private static async Task<long> ScalarWithinAsync(NpgsqlConnection connection, NpgsqlBatchCommand count, TimeSpan timeout, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { StatementTimeout(timeout, null), count } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    /// <exception cref="QueryPatternException">Nothing is left of the budget (only with <paramref name="query"/>).</exception>
    private static NpgsqlBatchCommand StatementTimeout(TimeSpan timeout, EntityQuery? query)
    {
        var milliseconds = (long)Math.Ceiling(timeout.TotalMilliseconds);
        if (milliseconds < 1 && query is not null) throw new QueryPatternException(query.PatternParameter!, RegexBudget.Spent(query.RegexTime));
        return new NpgsqlBatchCommand("SELECT set_config('statement_timeout', $1, true)")
        {
            Parameters = { new() { Value = Math.Max(1, milliseconds).ToString(CultureInfo.InvariantCulture) } },
        };
    }

    public Task<IReadOnlyList<RelationshipEdge>> GetIncomingAsync(string targetId, CancellationToken ct = default) =>
        WithConnectionAsync<IReadOnlyList<RelationshipEdge>>(async connection =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT entity_id, name FROM entity_attribute WHERE target = $1
                UNION
                SELECT entity_id, name FROM entity_attribute WHERE targets @> ARRAY[$1::text] AND targets IS NOT NULL
                ORDER BY entity_id, name
                """, connection)
            {
                Parameters = { new() { Value = targetId } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var edges = new List<RelationshipEdge>();
            while (await reader.ReadAsync(ct)) edges.Add(new RelationshipEdge(reader.GetString(0), reader.GetString(1), targetId));
            return edges;
        }, ct);

    public Task<long> CountAsync(CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM entity", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }, ct);

    public Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default) => WithConnectionAsync(async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT t, count(*) FROM entity, unnest(type || coalesce(other_types, '{}')) AS t GROUP BY t", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return (IReadOnlyDictionary<string, long>)counts;
    }, ct);

    /// <summary>
    /// Runs work on a pooled connection. A deadlock or serialization failure rolls the whole transaction back, so the
    /// work, which recomputes everything from what it reads, is simply run again.
    /// </summary>
    internal async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            try
            {
                return await work(connection);
            }
            catch (PostgresException e) when (attempt < MaxAttempts
                && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }
}
