using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.LocalServers;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Postgres;
using Npgsql;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>One throwaway PostgreSQL cluster for the whole test class, with PostGIS installed once.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private LocalPostgresCluster? _cluster;
    private int _schemas;

    public LocalPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        _cluster = await LocalPostgresCluster.StartAsync("twin");
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>A connection string whose search path starts in a new, empty schema: a fresh store per test.</summary>
    public async Task<string> FreshSchemaAsync()
    {
        var schema = $"test_{Interlocked.Increment(ref _schemas)}";
        await using (var connection = new NpgsqlConnection(Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Cluster.ConnectionString) { SearchPath = $"{schema},public" }.ConnectionString;
    }
}

/// <summary>
/// The contract again with every telemetry batch, however small, sent through the staging tables: the path batches
/// above <see cref="PostgresTwinStore.SmallBatchLimit"/> take, which the contract's small batches would otherwise miss.
/// </summary>
public sealed class PostgresSetBasedTelemetryTests(PostgresClusterFixture fixture) : TwinStoreContract, IClassFixture<PostgresClusterFixture>
{
    protected override async Task<ITwinStore> CreateStoreAsync(int historyDepth) =>
        new PostgresTwinStore(await fixture.FreshSchemaAsync(), historyDepth) { SmallBatchLimit = 0 };
}

/// <summary>The PostgreSQL store against the whole store contract, plus what only a database store has.</summary>
public sealed class PostgresTwinStoreTests(PostgresClusterFixture fixture) : TwinStoreContract, IClassFixture<PostgresClusterFixture>
{
    protected override async Task<ITwinStore> CreateStoreAsync(int historyDepth) =>
        new PostgresTwinStore(await fixture.FreshSchemaAsync(), historyDepth);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// PostgreSQL runs the patterns in SQL under a statement timeout of what is left of the budget. A budget of one tick
    /// leaves nothing after the count (whose timeout is the 1 ms floor), so the query is refused whichever of the two
    /// ends it; either way the caller learns the parameter, never a database error.
    /// </summary>
    [Fact]
    public async Task A_spent_regex_budget_is_refused_naming_the_parameter_not_a_database_error()
    {
        var store = await BacktrackingFixtureAsync();
        var e = await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(new EntityQuery { IdPattern = SlowPattern, RegexTime = TimeSpan.FromTicks(1) }));
        Assert.Equal("idPattern", e.Parameter);
    }

    [Fact]
    public async Task A_pattern_dotnet_accepts_but_postgres_does_not_is_refused_naming_the_parameter()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Road("r1", Props(("name", Text("Elm")))));
        // Named groups are .NET syntax; PostgreSQL's regex dialect has none.
        var byId = await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(new EntityQuery { IdPattern = "(?<n>r)1$" }));
        Assert.Equal("idPattern", byId.Parameter);
        Assert.Contains("PostgreSQL", byId.Reason);
        var q = new ComparisonTerm(new AttributePath("name"), ComparisonOperator.Matches, [TwinValue.Of("(?<n>E)lm")]);
        Assert.Equal("q", (await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(new EntityQuery { Q = q }))).Parameter);
    }

    [Fact]
    public async Task Migrations_run_once_even_when_stores_start_together()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresTwinStore(connectionString)).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        await stores[0].InitializeAsync();

        // Versions need not be consecutive: each known one is recorded exactly once.
        Assert.Equal((long)PostgresSchema.Versions.Count, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM twin_schema_migration"));
        Assert.Equal((long)PostgresSchema.Versions.Count, await ScalarAsync<long>(connectionString, "SELECT count(DISTINCT version) FROM twin_schema_migration"));
        Assert.Equal("gist", await ScalarAsync<string>(connectionString, """
            SELECT am.amname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
            WHERE c.relname = 'entity_location' AND c.relnamespace = current_schema()::regnamespace
            """));
        foreach (var store in stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task Migration_6_indexes_the_targets_of_relationships_written_before_it()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var vehicle = RichVehicle("v1");
        await using (var before = new PostgresTwinStore(connectionString))
        {
            await before.InitializeAsync();
            await before.CreateAsync(vehicle);
        }
        // The database as version 5 left it: no targets column, its rows written without one.
        await ScalarAsync<int>(connectionString, """
            DROP INDEX entity_attribute_targets; ALTER TABLE entity_attribute DROP COLUMN targets;
            DROP FUNCTION twin_relationship_targets(text); DELETE FROM twin_schema_migration WHERE version = 6;
            SELECT 0
            """);

        await using var after = new PostgresTwinStore(connectionString);
        await after.InitializeAsync();

        Assert.Equal([new RelationshipEdge(vehicle.Id, "passengers", "urn:ngsi-ld:Group:b")], await after.GetIncomingAsync("urn:ngsi-ld:Group:b"));
        Assert.Equal([new RelationshipEdge(vehicle.Id, "driver", "urn:ngsi-ld:Person:x")], await after.GetIncomingAsync("urn:ngsi-ld:Person:x"));
    }

    [Fact]
    public async Task A_large_telemetry_batch_lands_whole_with_exact_outcomes()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await using var store = new PostgresTwinStore(connectionString, historyDepth: 4);
        await store.InitializeAsync();
        var ids = Enumerable.Range(0, 4000).Select(i => RoadId($"r{i:D5}")).ToArray();
        await store.UpsertAsync([.. ids.Select(id => new Entity { Id = id, Type = EntityTypes.RoadSegment })], UpsertMode.Replace);

        // Six rounds per property in one batch (28,000 observations: split over connections), the third round
        // arriving last and the fourth twice.
        var observations = new List<Observation>();
        foreach (var round in (int[])[0, 1, 3, 4, 5, 2, 3])
            observations.AddRange(ids.Select((id, i) => Obs(id, "flow", round * 10_000 + i, round, "VPH")));
        var result = await store.ApplyAsync(observations);

        Assert.Equal(ids.Length * 5, result.Count(ObservationOutcome.Applied));
        Assert.Equal(ids.Length, result.Count(ObservationOutcome.HistoryOnly));
        Assert.Equal(ids.Length, result.Count(ObservationOutcome.Duplicate));
        Assert.All(result.Outcomes.Skip(ids.Length * 5).Take(ids.Length), o => Assert.Equal(ObservationOutcome.HistoryOnly, o));
        Assert.Equal(Num(51234, "VPH", T(5)), (await MustGetAsync(store, ids[1234])).Properties["flow"]);
        Assert.Equal([21234, 31234, 41234, 51234], (await HistoryAsync(store, ids[1234], "flow")).Select(p => p.Value.Number));
    }

    [Fact]
    public async Task Telemetry_keeps_history_rows_near_the_depth()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await using var store = new PostgresTwinStore(connectionString, historyDepth: 4);
        await store.InitializeAsync();
        await store.CreateAsync(Road("r1"));

        for (var s = 0; s < 100; s++) await store.ApplyAsync([Obs(RoadId("r1"), "speed", s, s)]);

        var rows = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM attribute_history");
        Assert.InRange(rows, 4, 4 + 8);
        Assert.Equal([96, 97, 98, 99], (await HistoryAsync(store, RoadId("r1"), "speed")).Select(p => p.Value.Number));
    }

    [Fact]
    public async Task Removing_an_attribute_removes_its_history()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await using var store = new PostgresTwinStore(connectionString);
        await store.InitializeAsync();
        await store.CreateAsync(Road("r1", Props(("speed", Num(1, null, T(1))), ("flow", Num(2, null, T(1))))));

        await store.UpsertAsync([Road("r1", Props(("flow", Num(3, null, T(2)))))], UpsertMode.Replace);

        Assert.Equal(0L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM attribute_history WHERE name = 'speed'"));
        Assert.Equal(2L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM attribute_history WHERE name = 'flow'"));
    }

    [Fact]
    public async Task Query_values_never_reach_the_sql_text()
    {
        var store = await StoreAsync();
        const string hostile = "x'); DROP TABLE entity; --";
        await store.CreateAsync(Road("r1", Props(("name", Text(hostile)))));

        var byValue = await store.QueryAsync(new EntityQuery { Q = QueryParser.Parse($"name==\"{hostile}\"") });
        var byPattern = await store.QueryAsync(new EntityQuery { IdPattern = "'; DROP TABLE entity; --" });

        Assert.Equal([RoadId("r1")], byValue.Items.Select(e => e.Id));
        Assert.Empty(byPattern.Items);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task A_self_crossing_ring_still_answers_geo_queries()
    {
        var store = await StoreAsync();
        Position[] bowtie = [new(0, 0), new(1, 1), new(1, 0), new(0, 1), new(0, 0)];
        await store.CreateAsync(Road("bowtie", location: new Polygon([bowtie])));
        await store.CreateAsync(Road("inside", location: new Point(0.1, 0.5)));
        await store.CreateAsync(Road("between", location: new Point(0.5, 0.2)));

        var within = await store.QueryAsync(new EntityQuery { Geo = new GeoQuery(GeoRelation.Within, new Polygon([bowtie])) });
        var crossing = await store.QueryAsync(new EntityQuery
        {
            Geo = new GeoQuery(GeoRelation.Intersects, new LineString([new(0.8, -1), new(0.8, 2)])),
        });

        Assert.Contains(RoadId("inside"), within.Items.Select(e => e.Id));
        Assert.DoesNotContain(RoadId("between"), within.Items.Select(e => e.Id));
        Assert.Equal([RoadId("bowtie")], crossing.Items.Select(e => e.Id));
        Assert.Equal(GeoJson.Write(new Polygon([bowtie])), GeoJson.Write((await MustGetAsync(store, RoadId("bowtie"))).Location!));
    }

    [Fact]
    public async Task An_invalid_pattern_is_refused_naming_its_parameter()
    {
        var store = await StoreAsync();
        var e = await Assert.ThrowsAsync<QueryPatternException>(() => store.QueryAsync(new EntityQuery { IdPattern = "(" }));
        Assert.Equal("idPattern", e.Parameter);
    }
}
