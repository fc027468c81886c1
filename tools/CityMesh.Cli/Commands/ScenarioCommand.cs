using CityMesh.Simulation;
using System.CommandLine;
using System.Globalization;
using CityMesh.Compute;
using CityMesh.Limits;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Scenarios.Crd;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Validation;
using CityMesh.Scenarios.Worker;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh scenario</c>: run a TwinScenario YAML on this machine (the same file the operator runs in the
/// cluster), validate it, and generate the CRD from the C# types. Cluster verbs are in <see cref="ScenarioClusterCommands"/>.
/// </summary>
public static class ScenarioCommand
{
    public static Command Create()
    {
        var command = new Command("scenario", "TwinScenario what-if simulations: run locally, validate, submit to a cluster, follow")
        {
            Run(), Validate(), Crd(),
        };
        foreach (var verb in ScenarioClusterCommands.Create()) command.Subcommands.Add(verb);
        return command;
    }

    private static Command Run()
    {
        var file = new Argument<string>("file") { Description = "The TwinScenario YAML (or JSON)" };
        var output = new Option<string?>("--out") { Description = "Results directory (default: the scenario's spec.outputs.artifacts.path, from the current directory)" };
        var configMaps = new Option<string?>("--configmaps") { Description = "Directory standing in for mounted ConfigMaps: a configMap source {name, key} is read from DIR/name/key" };
        var twin = new Option<string?>("--twin")
        {
            Description = $"The city's twin read API (its gRPC address), for a baseline, a city, a grid or sensors read from it; default: {WorkerContract.TwinUrlEnv}, else {TwinReaders.DefaultAddress} (citymesh up)",
        };
        var inputRoots = new Option<string[]>("--input-root")
        {
            Description = "A folder, besides the scenario file's own, where its input files may be (repeatable); a path resolving anywhere else is refused",
        };
        var command = new Command("run", "Run a scenario here: baseline and every intervention for each ensemble member, then a KPI table and an HTML report")
        {
            file, output, configMaps, twin, inputRoots,
        };
        command.SetAction(async (result, ct) =>
        {
            var path = Path.GetFullPath(result.GetValue(file)!);
            var scenario = LoadValid(path);
            var baseDirectory = Path.GetDirectoryName(path)!;
            var results = Path.GetFullPath(result.GetValue(output) ?? scenario.Spec.Outputs.Artifacts.Path);
            var limits = InputLimits.Default with { InputRoots = [.. (result.GetValue(inputRoots) ?? []).Select(r => Path.GetFullPath(r))] };
            var inputs = new InputFiles(baseDirectory, Path.GetFullPath(result.GetValue(configMaps) ?? WorkerContract.ConfigMapRoot, baseDirectory), limits);
            var compute = ComputeSelector.FromEnvironment();
            var spec = scenario.Spec;
            AnsiConsole.MarkupLineInterpolated($"[bold]{scenario.Metadata.Name}[/] ({spec.City}, {spec.Simulation}): baseline + {spec.Interventions.Count} intervention(s) × {spec.Ensemble} run(s); compute: {compute.Description}");

            var snapshot = spec.Baseline?.Twin is { } twinSpec ? await ReadTwinAsync(TwinUrl(result.GetValue(twin)), spec.City, twinSpec, ct) : null;
            var sites = spec.Telemetry is { Sites: TelemetrySynthesisOptions.TwinSites } telemetry
                ? await ReadSensorSitesAsync(TwinUrl(result.GetValue(twin)), spec.City, telemetry.Kinds, ct)
                : null;
            bool flood = spec.Simulation == SimulationKinds.Flood && spec.Flood?.Twin is not null;
            bool evacuation = spec.Simulation == SimulationKinds.Evacuation && spec.Evacuation?.Twin is not null;
            bool compound = spec.Simulation == SimulationKinds.Compound && spec.Compound is not null;
            var city = spec.Epidemic?.Twin is not null || flood || evacuation || compound
                ? await ReadCityAsync(TwinUrl(result.GetValue(twin)), spec.City, flood || evacuation || compound, ct,
                    evacuation ? TwinCity.EvacuationField : null, evacuation && spec.Evacuation!.Cars.Share > 0 || compound && spec.Compound!.NeedsRoadNetwork())
                : null;
            var energySpec = spec.Simulation == SimulationKinds.Compound ? spec.Compound?.Energy : spec.Energy;
            var grid = spec.Simulation is SimulationKinds.Energy or SimulationKinds.Compound && energySpec?.Grid?.Twin is { } gridSpec
                ? await ReadGridAsync(TwinUrl(result.GetValue(twin)), spec.City, gridSpec, energySpec.Site?.UtcOffsetHours ?? 0, ct)
                : null;
            if (spec.Outputs.Publish)
                AnsiConsole.MarkupLine("[yellow]spec.outputs.publish applies to the cluster's worker; here the series goes to files only (citymesh synth telemetry --publish publishes from this machine)[/]");
            var run = RunWithProgress(scenario, new ScenarioRunOptions(results, inputs, Compute: compute, Twin: snapshot, SensorSites: sites, City: city, Grid: grid), ct);
            foreach (var line in run.Runs.Where(r => r.Member == 0 && r.Notes.Count > 0))
                AnsiConsole.MarkupLineInterpolated($"  {line.Variant}: {string.Join("; ", line.Notes)}");
            PrintKpis(run.Kpis);
            var report = ScenarioReport.Write(scenario, run);
            AnsiConsole.MarkupLineInterpolated($"report [blue]{report}[/]; KPIs in kpis.json, per-run CSV/JSON under {results}");
            return 0;
        });
        return command;
    }

    private static Uri TwinUrl(string? option)
    {
        var url = option ?? Environment.GetEnvironmentVariable(WorkerContract.TwinUrlEnv) ?? TwinReaders.DefaultAddress;
        return TwinInput.TryParseUrl(url, out var uri)
            ? uri
            : throw new UsageException($"--twin {url} is not an http(s) URL");
    }

    private static async Task<TwinSnapshot> ReadTwinAsync(Uri twin, string city, TwinBaselineSpec spec, CancellationToken ct)
    {
        AnsiConsole.MarkupLineInterpolated($"reading {city}'s network and detectors from the twin at {twin} ...");
        try
        {
            using var reader = TwinReaders.Connect(twin);
            return await TwinSnapshot.ReadAsync(reader, twin, city, spec, ct);
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(TwinReaders.Explain(e));
        }
    }

    private static async Task<TwinCity> ReadCityAsync(Uri twin, string city, bool forFlood, CancellationToken ct, string? field = null, bool withNetwork = false)
    {
        AnsiConsole.MarkupLineInterpolated($"reading {city}'s buildings and hospitals{(forFlood ? ", roads, shelters and substations" : "")}{(withNetwork ? " and its road network" : "")} from the twin at {twin} ...");
        using var reader = TwinReaders.Connect(twin);
        try
        {
            var read = await TwinCity.ReadAsync(reader, twin, city, ct, forFlood, field, withNetwork);
            AnsiConsole.MarkupLineInterpolated($"  {read.Buildings.Count:N0} buildings, {read.Hospitals.Count} hospitals, {read.Roads.Count:N0} roads, {read.Sites.Count} shelters and substations");
            return read;
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(TwinReaders.Explain(e));
        }
    }

    private static async Task<TwinGrid> ReadGridAsync(Uri twin, string city, EnergyTwinGridSpec spec, double utcOffsetHours, CancellationToken ct)
    {
        AnsiConsole.MarkupLineInterpolated($"reading {city}'s grid, what hangs on it and its meters' history from the twin at {twin} ...");
        using var reader = TwinReaders.Connect(twin);
        try
        {
            var read = await TwinGrid.ReadAsync(reader, twin, city, spec, utcOffsetHours, ct);
            AnsiConsole.MarkupLineInterpolated($"  {read.Notes[0]}");
            return read;
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(TwinReaders.Explain(e));
        }
    }

    private static async Task<IReadOnlyList<SensorSite>> ReadSensorSitesAsync(Uri twin, string city, IReadOnlyList<string> kinds, CancellationToken ct)
    {
        AnsiConsole.MarkupLineInterpolated($"reading {city}'s sensors from the twin at {twin} ...");
        using var reader = TwinReaders.Connect(twin);
        try
        {
            return await new TwinSensorSites(reader, twin).ReadAsync(kinds, city, ct);
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(TwinReaders.Explain(e));
        }
    }

    private static Command Validate()
    {
        var file = new Argument<string>("file") { Description = "The TwinScenario YAML (or JSON)" };
        var command = new Command("validate", "Check a scenario file against the schema and rules the operator applies") { file };
        command.SetAction(result =>
        {
            var scenario = LoadValid(Path.GetFullPath(result.GetValue(file)!));
            Console.WriteLine($"{scenario.Metadata.Name}: valid");
            return 0;
        });
        return command;
    }

    private static Command Crd()
    {
        var output = new Option<string?>("--out") { Description = $"Where to write it (default: {CrdGenerator.CheckedInPath} under the repository root found from here)" };
        var stdout = new Option<bool>("--stdout") { Description = "Print the CRD instead of writing it" };
        var command = new Command("crd", "Generate the TwinScenario CustomResourceDefinition from the C# types") { output, stdout };
        command.SetAction(result =>
        {
            var yaml = CrdGenerator.Generate();
            if (result.GetValue(stdout))
            {
                Console.Write(yaml);
                return 0;
            }
            var path = result.GetValue(output) ?? Path.Combine(RepositoryRoot(), CrdGenerator.CheckedInPath);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, yaml);
            Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }

    /// <summary>The scenario, or a <see cref="UsageException"/> listing every problem with its field.</summary>
    internal static TwinScenario LoadValid(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"no scenario file {path}");
        TwinScenario scenario;
        try
        {
            scenario = ScenarioDocument.Load(path);
        }
        catch (ScenarioFormatException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot be read: {e.Message}");
        }
        var errors = ScenarioValidator.Validate(scenario);
        if (errors.Count > 0)
            throw new UsageException($"{Path.GetFileName(path)} is not a valid TwinScenario:{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => $"  {e.Field}: {e.Message} ({e.Reason})")));
        return scenario;
    }

    private static ScenarioRunResult RunWithProgress(TwinScenario scenario, ScenarioRunOptions options, CancellationToken ct)
    {
        try
        {
            return AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("starting", maxValue: 1);
                    var result = ScenarioRunner.Run(scenario, options, new InlineProgress<ScenarioProgress>(p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = $"{p.Run}: t={p.SimulatedSeconds:N0} s";
                    }), ct);
                    task.Value = 1;
                    return result;
                });
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void PrintKpis(KpiReport kpis)
    {
        var table = new Table().AddColumn("KPI").AddColumn(new TableColumn("baseline").RightAligned());
        foreach (var i in kpis.Interventions)
        {
            table.AddColumn(new TableColumn(Markup.Escape(i.Name)).RightAligned());
            table.AddColumn(new TableColumn("change").RightAligned());
        }
        var names = KpiBands.Headline(kpis.Baseline.Keys.Concat(kpis.Interventions.SelectMany(i => i.Values.Keys)).Distinct()).OrderBy(k => KpiNames.All.ToList().IndexOf(k));
        foreach (var name in names)
        {
            var (unit, lowerIsBetter) = ScenarioReport.Kpis.GetValueOrDefault(name, (Unit: "", LowerIsBetter: true));
            var row = new List<string> { $"{name} ({unit})", KpiBands.Cell(kpis.Baseline, name) };
            foreach (var i in kpis.Interventions)
            {
                row.Add(KpiBands.Cell(i.Values, name));
                row.Add(i.ChangePercent.TryGetValue(name, out var change)
                    ? $"[{(change == 0 ? "default" : (change < 0) == lowerIsBetter ? "green" : "red")}]{change.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)} %[/]"
                    : "");
            }
            table.AddRow(row.ToArray());
        }
        table.Caption($"means over {kpis.Runs} run(s){(kpis.Runs > 1 && kpis.Baseline.Keys.Any(k => k.EndsWith(KpiBands.Low, StringComparison.Ordinal)) ? ", (5th–95th percentile)" : "")}");
        AnsiConsole.Write(table);
    }

    /// <summary>The nearest directory upwards holding CityMesh.sln (the CRD is checked in there).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CityMesh.sln"))) return dir.FullName;
        throw new UsageException("not inside the CityMesh repository: give --out FILE or --stdout");
    }
}
