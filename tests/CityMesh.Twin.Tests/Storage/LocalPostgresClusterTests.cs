using CityMesh.LocalServers;
using Npgsql;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>The throwaway cluster the PostgreSQL tests and the benchmark stand on.</summary>
public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task A_cluster_starts_serves_sql_with_postgis_and_leaves_nothing_behind()
    {
        Assert.True(LocalPostgresCluster.IsAvailable, PostgresBinaries.InstallHint);
        string dataDirectory;
        await using (var cluster = await LocalPostgresCluster.StartAsync("first"))
        {
            dataDirectory = cluster.DataDirectory;
            await cluster.CreateDatabaseAsync("second");
            await using var connection = new NpgsqlConnection(cluster.ConnectionStringFor("second"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE EXTENSION postgis; SELECT current_database() || ' ' || ST_AsText(ST_MakePoint(1, 2)) || ' ' || current_setting('fsync')",
                connection);

            Assert.Equal("second POINT(1 2) off", await command.ExecuteScalarAsync());
            Assert.True(Directory.Exists(dataDirectory));
            Assert.StartsWith("Host=127.0.0.1;", cluster.ConnectionString, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Two_clusters_run_side_by_side_on_different_ports()
    {
        await using var a = await LocalPostgresCluster.StartAsync();
        await using var b = await LocalPostgresCluster.StartAsync();

        Assert.NotEqual(a.Port, b.Port);
        foreach (var cluster in new[] { a, b })
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SHOW port", connection);
            Assert.Equal(cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_cluster_left_by_a_dead_process_is_swept_by_the_next_start()
    {
        var orphan = await LocalPostgresCluster.StartAsync();
        var root = Path.GetDirectoryName(orphan.DataDirectory)!;
        // No process has this id (Linux caps pids far below it): as if the owner had been killed.
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), "999999999");

        await using (await LocalPostgresCluster.StartAsync())
        {
            // A cluster another test process starts at the same moment sweeps too, and the folder is deleted by
            // whichever gets there first: ours may have found it half gone and left the rest to that one.
            var patience = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Directory.Exists(root) && DateTime.UtcNow < patience) await Task.Delay(50);
            Assert.False(Directory.Exists(root));
            await using var connection = new NpgsqlConnection(orphan.ConnectionString);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        }
        await orphan.DisposeAsync();
    }
}
