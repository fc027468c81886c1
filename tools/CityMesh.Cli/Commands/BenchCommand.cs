using System.CommandLine;
using CityMesh.Cli.Bench;

namespace CityMesh.Cli.Commands;

/// <summary><c>citymesh bench ...</c>: measured figures for the README, never timing assertions in tests.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var entities = new Option<int>("--entities") { Description = "Entities loaded into the memory store", DefaultValueFactory = _ => 1_000_000 };
        var postgresEntities = new Option<int>("--postgres-entities") { Description = "Entities loaded into PostgreSQL (0 skips it)", DefaultValueFactory = _ => 1_000_000 };
        var seconds = new Option<double>("--seconds") { Description = "How long each throughput phase runs", DefaultValueFactory = _ => 5 };
        var queries = new Option<int>("--queries") { Description = "Geo-queries per kind for the latency percentiles", DefaultValueFactory = _ => 2000 };
        var twin = new Command("twin", "Load the twin and report updates/s (memory, PostgreSQL), geo-query p50/p99 and bytes per entity")
        {
            entities, postgresEntities, seconds, queries,
        };
        twin.SetAction(async (result, ct) =>
        {
            var options = new TwinBenchmarkOptions(
                result.GetValue(entities), result.GetValue(postgresEntities), TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(queries));
            if (options.Entities < 1000) throw new ArgumentOutOfRangeException(nameof(entities), "--entities must be at least 1000");
            await new TwinBenchmark(options, Console.Out).RunAsync(ct);
            return 0;
        });
        return new Command("bench", "Benchmarks") { twin };
    }
}
