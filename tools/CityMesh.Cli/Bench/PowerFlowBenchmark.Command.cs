using System.CommandLine;
using CityMesh.Cli.Commands;
using CityMesh.Simulation.Energy.Matpower;

namespace CityMesh.Cli.Bench;

public sealed partial class PowerFlowBenchmark
{
    /// <summary>The <c>citymesh bench powerflow</c> command, its options checked before anything runs.</summary>
    public static Command CreateCommand()
    {
        var files = new Option<string[]>("--case")
        {
            Description = "MATPOWER cases to solve (case33bw.m and case69.m from ../shared/data/energy by default); the first one is also run as a time series",
            DefaultValueFactory = _ => ["case33bw.m", "case69.m"],
            AllowMultipleArgumentsPerToken = true,
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Where --case names without a directory are looked for", DefaultValueFactory = _ => "../shared/data/energy" };
        var feeder = new Option<int>("--feeder-buses") { Description = "Buses of the generated radial feeder (0 skips it)", DefaultValueFactory = _ => 10_000 };
        var snapshots = new Option<int>("--snapshots") { Description = "Hourly load snapshots of the first case solved as one time series (0 skips it)", DefaultValueFactory = _ => 8_760 };
        var batchFeeder = new Option<int>("--batch-feeder-buses") { Description = "Buses of the generated feeder solved as one batch of quarter hours (0 skips it)", DefaultValueFactory = _ => 2_000 };
        var batchIntervals = new Option<int>("--batch-intervals") { Description = "Quarter hours in that batch", DefaultValueFactory = _ => 96 };
        var cpuAccelerator = new Option<int>("--cpu-accelerator-snapshots") { Description = "Hours of the first case ILGPU's CPU accelerator (a test target) solves as a batch (0 skips it)", DefaultValueFactory = _ => 24 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (the best is reported)", DefaultValueFactory = _ => 3 };
        var command = new Command("powerflow", "AC power flow: solves/s by Newton–Raphson and the backward/forward sweep on MATPOWER feeders, a generated radial feeder and a year of hourly snapshots (interval after interval, and batched on every backend here), beside a plain copy of the bytes each iteration streams")
        {
            files, dataDir, feeder, snapshots, batchFeeder, batchIntervals, cpuAccelerator, runs,
        };
        command.SetAction((result, ct) =>
        {
            var directory = result.GetValue(dataDir)!;
            var paths = result.GetValue(files)!.Select(f => Path.GetDirectoryName(f) is { Length: > 0 } ? f : Path.Combine(directory, f)).ToList();
            foreach (var path in paths)
                if (!File.Exists(path)) throw new UsageException($"--case: {path} does not exist (see --data-dir)");
            if (result.GetValue(feeder) is not (0 or (>= 2 and <= 1_000_000)) and var buses) throw new UsageException($"--feeder-buses is {buses}; give 0 or 2 to 1,000,000");
            if (result.GetValue(snapshots) is not (>= 0 and <= 1_000_000) and var n) throw new UsageException($"--snapshots is {n}; give 0 to 1,000,000");
            if (result.GetValue(batchFeeder) is not (0 or (>= 2 and <= 1_000_000)) and var batchBuses) throw new UsageException($"--batch-feeder-buses is {batchBuses}; give 0 or 2 to 1,000,000");
            if (result.GetValue(batchIntervals) is not (>= 1 and <= 1_000_000) and var intervals) throw new UsageException($"--batch-intervals is {intervals}; give 1 to 1,000,000");
            if (result.GetValue(cpuAccelerator) is not (>= 0 and <= 10_000) and var tiny) throw new UsageException($"--cpu-accelerator-snapshots is {tiny}; give 0 to 10,000");
            if (result.GetValue(runs) < 1) throw new UsageException("--runs must be at least 1");
            try
            {
                var options = new PowerFlowBenchmarkOptions(paths, result.GetValue(feeder), result.GetValue(snapshots), result.GetValue(runs),
                    result.GetValue(batchFeeder), result.GetValue(batchIntervals), result.GetValue(cpuAccelerator));
                return Task.FromResult(new PowerFlowBenchmark(options, Console.Out).Run(ct));
            }
            catch (MatpowerFormatException e)
            {
                throw new UsageException(e.Message);
            }
        });
        return command;
    }
}
