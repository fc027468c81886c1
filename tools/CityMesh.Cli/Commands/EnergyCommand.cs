using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh energy run CASE.m</c>: a MATPOWER case's AC power flow, summarised: how it converged, the losses, the
/// lowest voltage and the most loaded branches (as text, or as one JSON object with <c>--json</c>); <c>citymesh energy
/// import CASE.m --grid NAME</c>: the case into a twin as the grid's entities (<see cref="MatpowerGrid"/>).
/// </summary>
public static class EnergyCommand
{
    private const int WorstBranches = 5;

    public static Command Create() => new("energy", "Energy grids: MATPOWER cases' AC power flow, and grids into the twin") { Run(), Import() };

    private static Command Import()
    {
        var file = new Argument<string>("case") { Description = "A MATPOWER case file (.m, format version 2)" };
        var name = new Option<string>("--grid") { Description = "The grid's id in the twin, the prefix of its elements' ids (lower-case letters, digits and dashes)", Required = true };
        var city = new Option<string>("--city") { Description = "The city segment of the twin's entity ids", DefaultValueFactory = _ => "jinan" };
        var twin = new Option<string>("--twin") { Description = "The twin's NGSI-LD API", DefaultValueFactory = _ => "http://127.0.0.1:8080/" };
        var command = new Command("import", $"Put a MATPOWER case into the twin as Substation, BusbarSection, ACLineSegment, PowerTransformer, Switch and Feeder entities (an operator's key in ${AuditCommand.ApiKeyEnv})")
        {
            file, name, city, twin,
        };
        command.SetAction(async (result, ct) =>
        {
            var grid = Load(result.GetValue(file)!);
            var id = result.GetValue(name)!;
            if (id.Length is 0 or > 40 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !char.IsAsciiLetterLower(id[0]))
                throw new UsageException($"--grid is '{id}'; use lower-case letters, digits and dashes, starting with a letter, at most 40 characters");
            var imported = MatpowerGrid.From(grid, id);
            var elements = GridEntities.Describe(imported).ToList();
            var written = await TwinElementUpload.UpsertAsync(elements, result.GetValue(city)!, result.GetValue(twin)!, "grid", ct);
            if (written < 0) return 1;
            Console.WriteLine($"{written} entities of grid '{id}' written: {imported.Buses.Count} buses, {imported.Lines.Count} lines, {imported.Transformers.Count} transformers, " +
                              $"{imported.Switches.Count} switches (normally open), {imported.Feeders.Count} feeders; {imported.Buses.Sum(b => b.PeakKw):0.#} kW of load");
            return 0;
        });
        return command;
    }

    private static Command Run()
    {
        var file = new Argument<string>("case") { Description = "A MATPOWER case file (.m, format version 2)" };
        var method = new Option<string>("--method") { Description = "auto (the sweep for a radial feeder of PQ buses, else Newton–Raphson), nr or bfs", DefaultValueFactory = _ => "auto" };
        method.AcceptOnlyFromAmong("auto", "nr", "bfs");
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };
        var command = new Command("run", "AC power flow of a MATPOWER case: convergence, total losses, lowest voltage, most loaded branches") { file, method, json };
        command.SetAction((result, _) =>
        {
            var grid = Load(result.GetValue(file)!);
            var options = new PowerFlowOptions(result.GetValue(method) switch
            {
                "nr" => PowerFlowMethod.NewtonRaphson,
                "bfs" => PowerFlowMethod.BackwardForwardSweep,
                _ => PowerFlowMethod.Auto,
            });
            PowerFlowResult solved;
            try
            {
                solved = new PowerFlowSolver(grid, options).Solve();
            }
            catch (PowerFlowException e)
            {
                Console.Error.WriteLine($"citymesh: {grid.Name}: {e.Message}");
                return Task.FromResult(1);
            }
            if (result.GetValue(json)) Console.WriteLine(Json(grid, solved).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else Summarise(grid, solved);
            return Task.FromResult(0);
        });
        return command;
    }

    private static PowerGrid Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path} does not exist");
        try
        {
            return MatpowerReader.Read(path);
        }
        catch (MatpowerFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void Summarise(PowerGrid grid, PowerFlowResult r)
    {
        var (p, q) = grid.TotalLoad;
        Console.WriteLine($"{grid.Name}: {grid.Buses.Count} buses, {grid.Generators.Count} generators, {grid.Branches.Count} branches " +
                          $"({grid.Branches.Count(b => !b.InService)} open); load {p:0.####} MW, {q:0.####} MVAr on {grid.BaseMva:0.##} MVA base");
        var c = r.Convergence;
        Console.WriteLine($"{c.Method.Describe()}: converged in {c.Iterations} iterations, largest mismatch {c.LargestMismatch:0.0e+00} pu at bus {c.MismatchBus}");
        Console.WriteLine($"losses: {r.TotalLossKw:0.00} kW, {r.TotalLossKvar:0.00} kvar; slack supplies {r.SlackPMw:0.####} MW, {r.SlackQMvar:0.####} MVAr");
        Console.WriteLine($"lowest voltage: {r.LowestVm:0.00000} pu at bus {r.LowestVmBus}");
        var worst = r.WorstLoaded(WorstBranches).ToList();
        if (worst.Count == 0)
        {
            Console.WriteLine("loading: no branch has a rating (rateA); the largest losses instead:");
            worst = [.. r.Branches.Where(b => b.InService).OrderByDescending(b => b.LossKw).Take(WorstBranches)];
        }
        else Console.WriteLine("most loaded branches:");
        foreach (var b in worst)
            Console.WriteLine($"  {b.From,6} → {b.To,-6} {b.PFromMw,10:0.0000} MW {b.QFromMvar,10:0.0000} MVAr  loss {b.LossKw,8:0.00} kW" +
                              (b.LoadingPercent is { } loading ? $"  {loading,6:0.0} % of rateA" : ""));
    }

    private static JsonObject Json(PowerGrid grid, PowerFlowResult r) => new()
    {
        ["case"] = grid.Name,
        ["buses"] = grid.Buses.Count,
        ["branches"] = grid.Branches.Count,
        ["method"] = r.Method.ToString(),
        ["iterations"] = r.Convergence.Iterations,
        ["largestMismatchPu"] = r.Convergence.LargestMismatch,
        ["mismatchBus"] = r.Convergence.MismatchBus,
        ["lossKw"] = r.TotalLossKw,
        ["lossKvar"] = r.TotalLossKvar,
        ["slackMw"] = r.SlackPMw,
        ["slackMvar"] = r.SlackQMvar,
        ["lowestVmPu"] = r.LowestVm,
        ["lowestVmBus"] = r.LowestVmBus,
        ["worstLoaded"] = new JsonArray([.. r.WorstLoaded(WorstBranches).Select(b => (JsonNode)new JsonObject
        {
            ["from"] = b.From,
            ["to"] = b.To,
            ["pFromMw"] = b.PFromMw,
            ["qFromMvar"] = b.QFromMvar,
            ["lossKw"] = b.LossKw,
            ["loadingPercent"] = b.LoadingPercent,
        })]),
    };
}
