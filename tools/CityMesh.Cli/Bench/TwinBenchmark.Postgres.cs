using System.Diagnostics;
using CityMesh.LocalServers;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Postgres;

namespace CityMesh.Cli.Bench;

public sealed partial class TwinBenchmark
{
    private const int LoadBatch = 10_000;

    /// <summary>
    /// PostgreSQL in a throwaway local cluster (fsync off, as a benchmark cluster on loopback). The peer is the same
    /// store fed one observation per call, as an integration without batching would feed it.
    /// </summary>
    private async Task RunPostgresAsync(CancellationToken ct)
    {
        if (!LocalPostgresCluster.IsPostGisAvailable)
        {
            output.WriteLine($"postgres skipped: PostgreSQL with PostGIS not found ({PostgresBinaries.InstallHint})");
            return;
        }
        await using var cluster = await LocalPostgresCluster.StartAsync("bench", ct);
        await using var store = new PostgresTwinStore(cluster.ConnectionString);
        await store.InitializeAsync(ct);

        var city = new SyntheticCity();
        var start = DateTimeOffset.UtcNow;
        var load = Stopwatch.StartNew();
        var batch = new List<Entity>(LoadBatch);
        for (var i = 0; i < options.PostgresEntities; i++)
        {
            batch.Add(city.Detector(i, start));
            if (batch.Count < LoadBatch && i < options.PostgresEntities - 1) continue;
            await store.UpsertAsync(batch, UpsertMode.Replace, ct);
            batch.Clear();
        }
        load.Stop();
        output.WriteLine($"postgres load       {options.PostgresEntities / load.Elapsed.TotalSeconds,12:N0} creates/s   ({load.Elapsed.TotalSeconds:F1} s, PostgreSQL {cluster.MajorVersion})");

        var rate = await MeasureUpdatesAsync(store, options.PostgresEntities, start, ct);
        output.WriteLine($"postgres updates    {rate,12:N0} observations/s (batches of {UpdateBatch:N0}; target ≥ 50,000)");

        var single = await MeasureSingleUpdatesAsync(store, options.PostgresEntities, start.AddDays(1), ct);
        output.WriteLine($"peer     one a call {single,12:N0} observations/s; batching is {rate / single:N0}× faster");

        var queries = Math.Max(50, options.Queries / 4);
        var near = await GeoLatenciesAsync(store, city, GeoRelation.Near, queries, ct);
        var within = await GeoLatenciesAsync(store, city, GeoRelation.Within, queries, ct);
        output.WriteLine($"postgres near       p50 {near[50],7:F3} ms   p99 {near[99],7:F3} ms");
        output.WriteLine($"postgres within     p50 {within[50],7:F3} ms   p99 {within[99],7:F3} ms");
    }

    private async Task<double> MeasureSingleUpdatesAsync(ITwinStore store, int entityCount, DateTimeOffset at, CancellationToken ct)
    {
        var random = new Random(13);
        var watch = Stopwatch.StartNew();
        var count = 0;
        var limit = TimeSpan.FromSeconds(Math.Min(3, options.PhaseDuration.TotalSeconds));
        while (watch.Elapsed < limit)
        {
            var id = SyntheticCity.IdOf(random.Next(entityCount));
            await store.ApplyAsync([new Observation(id, "intensity", TwinValue.Of(random.Next(1800)), at.AddMilliseconds(count), "E50")], ct);
            count++;
        }
        return count / watch.Elapsed.TotalSeconds;
    }
}
