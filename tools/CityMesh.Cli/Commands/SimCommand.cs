using CityMesh.Limits;
using CityMesh.Simulation;
using System.CommandLine;
using System.Globalization;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Engine;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary><c>citymesh sim traffic</c>: one simulation run from SUMO or CityFlow files, with progress and outputs.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var net = new Option<string?>("--net") { Description = "SUMO network (.net.xml)" };
        var routes = new Option<string?>("--routes") { Description = "SUMO demand (.rou.xml: vehicles, routes, flows, trips)" };
        var additional = new Option<string[]>("--additional")
        {
            Description = "SUMO additional files, comma-separated (traffic-light programmes, vTypes and vType distributions), as sumo -a",
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var sumocfg = new Option<string?>("--sumocfg") { Description = "A SUMO configuration: its net-file, route-files and additional-files (instead of --net, --routes, --additional)" };
        var cityflow = new Option<string[]>("--cityflow") { Description = "CityFlow roadnet and flow JSON", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var grid = new Option<int?>("--grid") { Description = "Generate an N×N grid instead of reading files" };
        var trips = new Option<int>("--trips") { Description = "Trips on a generated grid", DefaultValueFactory = _ => 10_000 };
        var controller = new Option<string>("--controller") { Description = "Signal control: fixed (the files' programmes) or max-pressure", DefaultValueFactory = _ => "fixed" };
        controller.AcceptOnlyFromAmong("fixed", "max-pressure");
        var end = new Option<double?>("--end") { Description = "Stop at this simulated second (default: when every trip has arrived)" };
        var step = new Option<double>("--step") { Description = "Step length, seconds", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed (driver imperfection, random departures)", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Directory for summary.json, trips.csv, lanes.csv, edges.csv, intersections.csv", DefaultValueFactory = _ => "sim-out" };
        var maxVehicles = new Option<long?>("--max-vehicles")
        {
            Description = $"Refuse inputs that ask for more vehicles than this (default {InputLimits.Default.VehiclesPerSimulation:N0}, the server's {InputLimits.Section}:{nameof(InputLimits.VehiclesPerSimulation)})",
        };
        var traffic = new Command("traffic", "Run a traffic simulation and write its summary and per-trip, lane, edge and intersection outputs")
        {
            net, routes, additional, sumocfg, cityflow, grid, trips, controller, end, step, seed, output, maxVehicles,
        };
        traffic.SetAction((result, ct) =>
        {
            var limits = InputLimits.Default with { VehiclesPerSimulation = result.GetValue(maxVehicles) ?? InputLimits.Default.VehiclesPerSimulation };
            if (Invalid(result.GetValue(step), result.GetValue(end), result.GetValue(grid), result.GetValue(trips), limits.VehiclesPerSimulation) is { } problem)
                return Task.FromResult(Refuse(problem));
            TrafficInputs inputs;
            SumoConfiguration? configuration;
            try
            {
                (configuration, var netFile, var routeFile, var additionalFiles) = Files(result.GetValue(sumocfg), result.GetValue(net), result.GetValue(routes), result.GetValue(additional), limits);
                inputs = Load(netFile, routeFile, result.GetValue(cityflow), result.GetValue(grid), result.GetValue(trips), result.GetValue(seed), limits,
                    additionalFiles);
            }
            catch (Exception e) when (e is TrafficImportException or UsageException or IOException)
            {
                // The message names the file, the line or JSON path, the element and the attribute: no stack trace helps more.
                return Task.FromResult(Refuse(e.Message));
            }
            var compute = ComputeSelector.FromEnvironment();
            // A configuration's run options hold unless the command line gives its own, as in SUMO.
            var options = new TrafficSimulationOptions
            {
                StepLength = Given(result, step) ? result.GetValue(step) : configuration?.StepLength ?? result.GetValue(step),
                Seed = (ulong)(Given(result, seed) ? result.GetValue(seed) : configuration?.Seed ?? result.GetValue(seed)),
                Controller = result.GetValue(controller) == "max-pressure" ? SignalControl.MaxPressure : SignalControl.FixedTime,
                EndTime = result.GetValue(end) ?? configuration?.End,
                TimeToTeleport = configuration?.TimeToTeleport ?? new TrafficSimulationOptions().TimeToTeleport,
            };
            AnsiConsole.MarkupLineInterpolated($"[bold]{inputs.Description}[/]: {inputs.Network.Edges.Count:N0} edges, {inputs.Network.Lanes.Count:N0} lanes, {inputs.Network.Signals.Count:N0} signals, {inputs.Demand.Trips.Count:N0} trips");
            AnsiConsole.MarkupLineInterpolated($"compute: {compute.Description}; controller {options.Controller}, step {options.StepLength} s, seed {options.Seed}");
            var results = RunWithProgress(TrafficBackends.CreateSimulation(inputs.Network, inputs.Demand, options, compute), ct);
            var directory = Path.GetFullPath(result.GetValue(output)!);
            TrafficResultsWriter.WriteAll(results, directory);
            PrintSummary(results.Summary);
            AnsiConsole.MarkupLineInterpolated($"outputs in [blue]{directory}[/]");
            return Task.FromResult(0);
        });
        return new Command("sim", "Simulations") { traffic };
    }

    /// <summary>
    /// The SUMO files to run: a configuration's (what else it sets is named on standard error, since it is not
    /// applied) or the ones given one by one; never both.
    /// </summary>
    internal static (SumoConfiguration? Configuration, string? Net, string? Routes, string[]? Additional) Files(string? sumocfg, string? net, string? routes,
        string[]? additional, InputLimits limits)
    {
        if (sumocfg is null) return (null, net, routes, additional);
        if (net is not null || routes is not null || additional is { Length: > 0 })
            throw new UsageException("--sumocfg names the network, routes and additional files itself: give it without --net, --routes and --additional");
        var configuration = SumoConfiguration.Read(sumocfg, limits);
        foreach (var option in configuration.NotApplied)
            Console.Error.WriteLine($"citymesh: {Path.GetFileName(sumocfg)}: {option} is not applied (CityMesh takes its files, end, step-length, time-to-teleport and seed)");
        return (configuration, configuration.Network, configuration.Routes, [.. configuration.Additional]);
    }

    /// <summary>Whether the command line gave the option, rather than its default standing in.</summary>
    internal static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>One line on standard error, as the program prints every refusal, and exit code 2.</summary>
    private static int Refuse(string problem)
    {
        Console.Error.WriteLine($"citymesh: {problem}");
        return 2;
    }

    /// <summary>Why the options cannot run, naming the option; null when they can.</summary>
    internal static string? Invalid(double step, double? end, int? grid, int trips, long maxVehicles)
    {
        if (!double.IsFinite(step) || step <= 0 || step > 60) return $"--step is {step}; it must be above 0 and at most 60 seconds";
        if (end is { } e && (!double.IsFinite(e) || e <= 0)) return $"--end is {e}; it must be a positive number of seconds";
        if (maxVehicles < 1) return $"--max-vehicles is {maxVehicles}; it must be at least 1";
        if (grid is < 2 or > TrafficInputs.LargestGrid) return $"--grid is {grid}; a grid has 2 to {TrafficInputs.LargestGrid:N0} junctions a side";
        if (grid is not null && (trips < 1 || trips > maxVehicles))
            return $"--trips is {trips}; a generated grid needs at least 1 trip and at most --max-vehicles ({maxVehicles:N0})";
        return null;
    }

    internal static TrafficInputs Load(string? net, string? routes, string[]? cityflow, int? grid, int trips, int seed, InputLimits limits,
        string[]? additional = null)
    {
        if (additional is { Length: > 0 } && net is null) throw new UsageException("--additional goes with --net and --routes");
        var sources = (net is not null || routes is not null ? 1 : 0) + (cityflow is { Length: > 0 } ? 1 : 0) + (grid is not null ? 1 : 0);
        if (sources != 1) throw new UsageException("give exactly one of: --net X --routes Y, --cityflow ROADNET FLOW, --grid N");
        if (grid is { } n) return TrafficInputs.Grid(n, trips, 3600, seed, limits);
        if (cityflow is { Length: 2 }) return TrafficInputs.FromCityFlow(cityflow[0], cityflow[1], limits);
        if (net is null || routes is null) throw new UsageException("--net and --routes go together");
        return TrafficInputs.FromSumo(net, routes, seed, limits, additional);
    }

    internal static TrafficResults RunWithProgress(TrafficSimulation simulation, CancellationToken ct) =>
        AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("simulating", maxValue: 1);
                var results = simulation.Run(new InlineProgress<SimulationProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.EndTime);
                    task.Value = Math.Min(p.Time, task.MaxValue);
                    task.Description = $"t={p.Time:N0} s running {p.Running:N0} arrived {p.Arrived:N0} waiting {p.WaitingToInsert:N0}";
                }), ct);
                task.Value = task.MaxValue;
                return results;
            });

    internal static void PrintSummary(SimulationSummary s)
    {
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("simulated", $"{s.Time:N0} s in {s.Steps:N0} steps");
        table.AddRow("backend", s.Backend);
        table.AddRow("trips", $"{s.TripsTotal:N0}: {s.Arrived:N0} arrived, {s.Running:N0} running, {s.WaitingToInsert:N0} waiting to insert");
        table.AddRow("mean travel time", $"{s.MeanTravelTime:F1} s");
        table.AddRow("mean waiting time", $"{s.MeanWaitingTime:F1} s");
        table.AddRow("mean time loss", $"{s.MeanTimeLoss:F1} s");
        table.AddRow("vehicle-updates/s", s.VehicleUpdatesPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("state bytes per vehicle", $"{s.StateBytesPerVehicle:N0}");
        AnsiConsole.Write(table);
    }
}
