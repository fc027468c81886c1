using System.CommandLine;
using CityMesh.Cli.Bench;
using CityMesh.Twin.Telemetry;

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
            if (options.Entities < 1000) throw new UsageException("--entities must be at least 1000");
            await new TwinBenchmark(options, Console.Out).RunAsync(ct);
            return 0;
        });
        var transport = new Option<string>("--transport") { Description = "Bus the readings travel over: memory or kafka (librdkafka's mock cluster)", DefaultValueFactory = _ => "memory" };
        transport.AcceptOnlyFromAmong("memory", "kafka");
        var observations = new Option<int>("--observations") { Description = "Observations published", DefaultValueFactory = _ => 1_000_000 };
        var sensors = new Option<int>("--sensors") { Description = "Sensor entities seeded in the memory store", DefaultValueFactory = _ => 10_000 };
        var readings = new Option<int>("--readings-per-event") { Description = "Readings each sensor's event carries", DefaultValueFactory = _ => 4 };
        var batchEvents = new Option<int>("--batch-events") { Description = "Ingest batch size (CityMesh:Telemetry:Ingest:MaxEvents)", DefaultValueFactory = _ => new TelemetryIngestorOptions().MaxEvents };
        var batchWait = new Option<int>("--batch-wait-ms") { Description = "Ingest batch wait (CityMesh:Telemetry:Ingest:MaxWait)", DefaultValueFactory = _ => (int)new TelemetryIngestorOptions().MaxWait.TotalMilliseconds };
        var ingest = new Command("ingest", "Telemetry through the bus into the twin: observations/s, p99 publish-to-twin latency, lost and duplicated")
        {
            transport, observations, sensors, readings, batchEvents, batchWait,
        };
        ingest.SetAction(async (result, ct) =>
        {
            var options = new IngestBenchmarkOptions(result.GetValue(transport)!.ToLowerInvariant(), result.GetValue(observations),
                result.GetValue(sensors), result.GetValue(readings), result.GetValue(batchEvents), TimeSpan.FromMilliseconds(result.GetValue(batchWait)));
            if (options.BatchEvents < 1) throw new UsageException("--batch-events must be at least 1");
            if (options.Sensors < 1) throw new UsageException("--sensors must be at least 1");
            if (options.ReadingsPerEvent < 1) throw new UsageException("--readings-per-event must be at least 1");
            if (options.Observations < options.ReadingsPerEvent)
                throw new UsageException("--observations must be at least --readings-per-event");
            var outcome = await new IngestBenchmark(options, Console.Out).RunAsync(ct);
            return outcome.Lost == 0 && outcome.Duplicated == 0 ? 0 : 1;
        });
        return new Command("bench", "Benchmarks")
        {
            twin, ingest, Traffic(), Synth(), Subscriptions(), Epidemic(), Flood(), Water(), PowerFlowBenchmark.CreateCommand(), SolarBenchmark.Command(),
        };
    }

    private static Command Subscriptions()
    {
        var subscriptions = new Option<int>("--subscriptions") { Description = "Subscriptions held (1 % match each update)", DefaultValueFactory = _ => 10_000 };
        var updates = new Option<int>("--updates") { Description = "Attribute updates made through the twin", DefaultValueFactory = _ => 2_000 };
        var command = new Command("subscriptions", "NGSI-LD notifications/s delivered to a local receiver, beside a plain HTTP client loop")
        {
            subscriptions, updates,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new SubscriptionBenchmarkOptions(result.GetValue(subscriptions), result.GetValue(updates));
            if (options.Subscriptions < options.Types * options.Attributes)
                throw new UsageException($"--subscriptions must be at least {options.Types * options.Attributes}");
            if (options.Updates < 1) throw new UsageException("--updates must be at least 1");
            await new SubscriptionBenchmark(options, Console.Out).RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command Traffic()
    {
        var vsSumo = new Option<bool>("--vs-sumo") { Description = "Run SUMO and CityMesh on the same generated grid and routes (--vs-sumo false skips it)", DefaultValueFactory = _ => true };
        var grid = new Option<int>("--grid") { Description = "Junctions per side of the netgenerate grid", DefaultValueFactory = _ => 10 };
        var period = new Option<double>("--period") { Description = "randomTrips.py --period, seconds between trips", DefaultValueFactory = _ => 0.3 };
        var end = new Option<double>("--end") { Description = "randomTrips.py -e, the last departure, seconds", DefaultValueFactory = _ => 3600 };
        var seed = new Option<int>("--seed") { Description = "Seed for randomTrips.py, sumo and CityMesh", DefaultValueFactory = _ => 42 };
        var jinan = new Option<bool>("--jinan") { Description = "Fixed-time and max-pressure travel times on the Jinan 3×4 real flow beside CityFlow's published figures" };
        var jinanDir = new Option<string>("--jinan-dir") { Description = "Directory with roadnet_3_4.json and anon_3_4_jinan_real.json", DefaultValueFactory = _ => "../shared/data/traffic/Jinan_3_4" };
        var scale = new Option<bool>("--scale") { Description = "A generated grid with a million trips: completion, vehicle-updates/s, bytes per vehicle" };
        var scaleGrid = new Option<int>("--scale-grid") { Description = "Junctions per side of the scale grid", DefaultValueFactory = _ => 100 };
        var scaleTrips = new Option<int>("--scale-trips") { Description = "Trips on the scale grid", DefaultValueFactory = _ => 1_000_000 };
        var scaleWindow = new Option<double>("--scale-window") { Description = "Seconds over which the scale trips depart", DefaultValueFactory = _ => 3600 };
        var net = new Option<string?>("--net") { Description = "A SUMO network to run SUMO and CityMesh on (with --routes, and --additional as sumo -a)" };
        var routes = new Option<string?>("--routes") { Description = "SUMO demand for --net (.rou.xml)" };
        var sumocfg = new Option<string?>("--sumocfg") { Description = "A SUMO configuration to run SUMO and CityMesh on (its net-file, route-files and additional-files)" };
        var additional = new Option<string[]>("--additional")
        {
            Description = "SUMO additional files for --net, comma-separated (traffic-light programmes, vTypes)",
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var traffic = new Command("traffic", "Traffic engine: vehicle-updates/s and trip statistics beside SUMO (a city's files or a generated grid), Jinan beside CityFlow, a million-trip grid")
        {
            net, routes, additional, sumocfg, vsSumo, grid, period, end, seed, jinan, jinanDir, scale, scaleGrid, scaleTrips, scaleWindow,
        };
        traffic.SetAction(async (result, ct) =>
        {
            var (configuration, netFile, routeFile, additionalFiles) = SimCommand.Files(result.GetValue(sumocfg), result.GetValue(net), result.GetValue(routes),
                result.GetValue(additional), CityMesh.Limits.InputLimits.Default);
            var options = new TrafficBenchmarkOptions(result.GetValue(vsSumo), result.GetValue(grid), result.GetValue(period), result.GetValue(end),
                result.GetValue(seed), result.GetValue(jinan), result.GetValue(jinanDir)!, result.GetValue(scale), result.GetValue(scaleGrid),
                result.GetValue(scaleTrips), result.GetValue(scaleWindow), netFile, routeFile, additionalFiles, configuration);
            if ((options.Net is null) != (options.Routes is null)) throw new UsageException("--net and --routes go together");
            if (options.Additional.Count > 0 && options.Net is null) throw new UsageException("--additional goes with --net and --routes");
            if (options.GridNumber < 2) throw new UsageException("--grid must be at least 2");
            if (options.Period <= 0 || !double.IsFinite(options.Period)) throw new UsageException("--period must be positive");
            if (options.End <= 0 || !double.IsFinite(options.End)) throw new UsageException("--end must be a positive number of seconds");
            if (options.ScaleGrid < 2) throw new UsageException("--scale-grid must be at least 2");
            if (options.ScaleTrips < 1) throw new UsageException("--scale-trips must be at least 1");
            if (options.ScaleWindow <= 0 || !double.IsFinite(options.ScaleWindow)) throw new UsageException("--scale-window must be a positive number of seconds");
            await new TrafficBenchmark(options, Console.Out).RunAsync(ct);
            return 0;
        });
        return traffic;
    }

    private static Command Synth()
    {
        var images = new Option<int>("--images") { Description = "Images per measured rendering run", DefaultValueFactory = _ => 4096 };
        var batch = new Option<int>("--batch") { Description = "Scenes per Render call", DefaultValueFactory = _ => 256 };
        var endToEnd = new Option<int>("--end-to-end") { Description = "Images written through PlateDataset per backend (0 skips it)", DefaultValueFactory = _ => 1024 };
        var seed = new Option<long>("--seed") { Description = "Run seed for PlateSceneSampler", DefaultValueFactory = _ => 42 };
        var synth = new Command("synth", "Licence-plate images/s at 320×96: managed, each GPU ILGPU finds and its CPU accelerator, rendering only and end to end with PNG")
        {
            images, batch, endToEnd, seed,
        };
        synth.SetAction((result, ct) =>
        {
            var options = new SynthBenchmarkOptions(result.GetValue(images), result.GetValue(batch), result.GetValue(endToEnd), (ulong)result.GetValue(seed));
            if (options.Images < 1) throw new UsageException("--images must be at least 1");
            if (options.Batch < 1) throw new UsageException("--batch must be at least 1");
            if (options.EndToEnd < 0) throw new UsageException("--end-to-end must be 0 or more");
            new SynthBenchmark(options, Console.Out).Run(ct);
            return Task.FromResult(0);
        });
        return synth;
    }

    private static Command Epidemic()
    {
        var agents = new Option<string>("--agents") { Description = "Population sizes, comma-separated", DefaultValueFactory = _ => "1000000,10000000" };
        var days = new Option<int>("--days") { Description = "Days (steps) per run", DefaultValueFactory = _ => 30 };
        var seed = new Option<long>("--seed") { Description = "Seed of the population and the epidemic", DefaultValueFactory = _ => 42 };
        var epidemic = new Command("epidemic", "SEIR engine: agent-steps/s over a synthetic population with four contact layers, managed and each GPU ILGPU finds, beside a plain copy of the arrays")
        {
            agents, days, seed,
        };
        epidemic.SetAction((result, ct) =>
        {
            var sizes = new List<int>();
            foreach (var part in (result.GetValue(agents) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1000 || n > 200_000_000)
                    throw new UsageException($"--agents: '{part}' is not a population between 1,000 and 200,000,000");
                sizes.Add(n);
            }
            if (sizes.Count == 0) throw new UsageException("--agents must name at least one population size");
            if (result.GetValue(days) < 1) throw new UsageException("--days must be at least 1");
            new EpidemicBenchmark(new EpidemicBenchmarkOptions(sizes, result.GetValue(days), (ulong)result.GetValue(seed)), Console.Out).Run(ct);
            return Task.FromResult(0);
        });
        return epidemic;
    }

    private static Command Water()
    {
        var files = new Option<string[]>("--inp")
        {
            Description = "EPANET files to run (EPANET's Net1, Net2 and Net3 from ../shared/data/water by default)",
            DefaultValueFactory = _ => ["Net1.inp", "Net2.inp", "Net3.inp"],
            AllowMultipleArgumentsPerToken = true,
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Where --inp names without a directory are looked for", DefaultValueFactory = _ => "../shared/data/water" };
        var grids = new Option<string>("--grids") { Description = "Generated street-grid networks, junctions a side, comma-separated (empty for none)", DefaultValueFactory = _ => "30,100" };
        var runs = new Option<int>("--runs") { Description = "Timed runs per network (the best is reported)", DefaultValueFactory = _ => 5 };
        var command = new Command("water", "Extended-period hydraulics against EPANET 2.2 (epanet-js) on the same files in the same run: wall time per run and per moment, iterations, and the worst head difference")
        {
            files, dataDir, grids, runs,
        };
        command.SetAction(async (result, ct) =>
        {
            var directory = result.GetValue(dataDir)!;
            var paths = result.GetValue(files)!.Select(f => Path.GetDirectoryName(f) is { Length: > 0 } ? f : Path.Combine(directory, f)).ToList();
            foreach (var path in paths)
                if (!File.Exists(path)) throw new UsageException($"--inp: {path} does not exist (see --data-dir)");
            var sides = new List<int>();
            foreach (var part in result.GetValue(grids)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                sides.Add(int.TryParse(part, out int side) && side is >= 3 and <= 1000 ? side : throw new UsageException($"--grids: '{part}' is not a side between 3 and 1000"));
            if (result.GetValue(runs) < 1) throw new UsageException("--runs must be at least 1");
            return await new WaterBenchmark(new WaterBenchmarkOptions(paths, sides, result.GetValue(runs)), Console.Out).RunAsync(ct);
        });
        return command;
    }

    private static Command Flood()
    {
        var sides = new Option<string>("--sides") { Description = "Square grid sides in cells, comma-separated (1M and 16M cells by default)", DefaultValueFactory = _ => "1000,4000" };
        var steps = new Option<int>("--steps") { Description = "Steps per measured run", DefaultValueFactory = _ => 20 };
        var runs = new Option<int>("--runs") { Description = "Measured runs per backend and grid (the median is reported, and the best)", DefaultValueFactory = _ => 3 };
        var flood = new Command("flood", "Shallow-water engine: cell-updates/s on a wet, uneven grid on every backend (managed, each GPU, ILGPU's CPU accelerator on small grids), and the bytes a step moves against a plain copy of the same arrays")
        {
            sides, steps, runs,
        };
        flood.SetAction((result, ct) =>
        {
            var list = new List<int>();
            foreach (var part in (result.GetValue(sides) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 10 || n > 20_000)
                    throw new UsageException($"--sides: '{part}' is not a grid side between 10 and 20,000 cells");
                list.Add(n);
            }
            if (list.Count == 0) throw new UsageException("--sides must name at least one grid side");
            if (result.GetValue(steps) < 1) throw new UsageException("--steps must be at least 1");
            if (result.GetValue(runs) < 1) throw new UsageException("--runs must be at least 1");
            new FloodBenchmark(new FloodBenchmarkOptions(list, result.GetValue(steps), result.GetValue(runs)), Console.Out).Run(ct);
            return Task.FromResult(0);
        });
        return flood;
    }
}
