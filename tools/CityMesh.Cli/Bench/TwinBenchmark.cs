using System.Diagnostics;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Cli.Bench;

public sealed record TwinBenchmarkOptions(int Entities, int PostgresEntities, TimeSpan PhaseDuration, int Queries);

/// <summary>
/// <c>citymesh bench twin</c>. Each figure is printed beside a peer measured in the same run, because these
/// machines are shared and noisy: the grid index against a full scan, batched PostgreSQL writes against one
/// statement per observation.
/// </summary>
public sealed partial class TwinBenchmark(TwinBenchmarkOptions options, TextWriter output)
{
    private const int UpdateBatch = 50_000;
    private const double NearRadiusMetres = 250;
    private const double WithinSideMetres = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench twin: {options.Entities:N0} entities in memory, {options.PostgresEntities:N0} in PostgreSQL; " +
                         $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        await RunMemoryAsync(ct);
        if (options.PostgresEntities > 0) await RunPostgresAsync(ct);
    }

    private async Task RunMemoryAsync(CancellationToken ct)
    {
        var city = new SyntheticCity();
        var start = DateTimeOffset.UtcNow;
        var before = Heap();
        var store = new MemoryTwinStore();
        var load = Stopwatch.StartNew();
        for (var i = 0; i < options.Entities; i++) await store.CreateAsync(city.Detector(i, start), ct);
        load.Stop();
        var perEntity = (Heap() - before) / (double)options.Entities;
        output.WriteLine($"memory   load       {options.Entities / load.Elapsed.TotalSeconds,12:N0} creates/s   ({load.Elapsed.TotalSeconds:F1} s)");
        output.WriteLine($"memory   resident   {perEntity,12:N0} bytes/entity (managed heap after full GC; target ≤ 1,024)");

        var rate = await MeasureUpdatesAsync(store, options.Entities, start, ct);
        output.WriteLine($"memory   updates    {rate,12:N0} observations/s (batches of {UpdateBatch:N0}; target ≥ 500,000)");

        var near = await GeoLatenciesAsync(store, city, GeoRelation.Near, options.Queries, ct);
        var within = await GeoLatenciesAsync(store, city, GeoRelation.Within, options.Queries, ct);
        output.WriteLine($"memory   near       p50 {near[50],7:F3} ms   p99 {near[99],7:F3} ms   ({NearRadiusMetres} m radius; target p99 ≤ 5 ms)");
        output.WriteLine($"memory   within     p50 {within[50],7:F3} ms   p99 {within[99],7:F3} ms   ({WithinSideMetres} m square)");

        // Peer: the same near query answered by testing every entity, as a store without a spatial index must.
        var scan = await ScanLatencyAsync(store, city, Math.Max(5, options.Queries / 100), ct);
        output.WriteLine($"peer     full scan  mean {scan,7:F1} ms per near query; the grid index is {scan / near.Mean:N0}× faster");
        GC.KeepAlive(store);
    }

    /// <summary>Applies batches of newer observations to random entities for the phase's duration.</summary>
    private async Task<double> MeasureUpdatesAsync(ITwinStore store, int entityCount, DateTimeOffset start, CancellationToken ct)
    {
        var random = new Random(11);
        var batch = new Observation[UpdateBatch];
        long applied = 0;
        var elapsed = TimeSpan.Zero;
        for (var round = 1; elapsed < options.PhaseDuration; round++)
        {
            var at = start.AddSeconds(round);
            for (var i = 0; i < batch.Length; i++)
            {
                var id = SyntheticCity.IdOf(random.Next(entityCount));
                batch[i] = (i & 1) == 0
                    ? new Observation(id, "intensity", TwinValue.Of(random.Next(0, 1800)), at, "E50")
                    : new Observation(id, "averageVehicleSpeed", TwinValue.Of(random.NextDouble() * 60), at, "KMH");
            }
            var watch = Stopwatch.StartNew();
            var result = await store.ApplyAsync(batch, ct);
            elapsed += watch.Elapsed;
            applied += batch.Length;
            if (result.Count(ObservationOutcome.UnknownEntity) > 0) throw new InvalidOperationException("benchmark observations missed their entities");
        }
        return applied / elapsed.TotalSeconds;
    }

    private static async Task<Percentiles> GeoLatenciesAsync(ITwinStore store, SyntheticCity city, GeoRelation relation, int count, CancellationToken ct)
    {
        var latencies = new Percentiles(count);
        var matched = 0L;
        for (var i = 0; i < count; i++)
        {
            var centre = city.RandomPosition();
            var geo = relation == GeoRelation.Near
                ? new GeoQuery(GeoRelation.Near, new Point(centre), MaxDistance: NearRadiusMetres)
                : new GeoQuery(GeoRelation.Within, SyntheticCity.Square(centre, WithinSideMetres));
            var query = new EntityQuery { Geo = geo, Limit = 100 };
            var watch = Stopwatch.StartNew();
            var page = await store.QueryAsync(query, ct);
            latencies.Add(watch.Elapsed);
            matched += page.TotalCount;
        }
        if (matched == 0) throw new InvalidOperationException($"{relation} queries matched nothing: the benchmark is not measuring anything");
        return latencies;
    }

    private static async Task<double> ScanLatencyAsync(ITwinStore store, SyntheticCity city, int count, CancellationToken ct)
    {
        var total = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var centre = city.RandomPosition();
            var watch = Stopwatch.StartNew();
            // Same answer as the near query, reached through q on every entity's location-free path: all candidates.
            var page = await store.QueryAsync(new EntityQuery
            {
                Geo = new GeoQuery(GeoRelation.Near, new Point(centre), MinDistance: 0),
                Limit = 0,
            }, ct);
            total += watch.Elapsed;
            if (page.TotalCount == 0) throw new InvalidOperationException("scan matched nothing");
        }
        return total.TotalMilliseconds / count;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
