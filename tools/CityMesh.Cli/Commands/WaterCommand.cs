using CityMesh.Simulation.Twin;
using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Geo;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh water run FILE.inp</c>: a network's extended-period hydraulics, summarised (and every moment as CSV);
/// <c>citymesh water import FILE.inp</c>: the network into a twin as FIWARE's water network entities, placed on the
/// Earth, for the safety service to keep live.
/// </summary>
public static class WaterCommand
{
    public static Command Create() => new("water", "Water networks: EPANET files' hydraulics, and networks into the twin") { Run(), Import() };

    private static Command Run()
    {
        var file = new Argument<string>("file") { Description = "An EPANET input file (.inp)" };
        var csv = new Option<string?>("--csv") { Description = "Write every moment's node heads and link flows here (long format: time_s,kind,id,value)" };
        var command = new Command("run", "Extended-period hydraulics of an EPANET file, as EPANET 2.2 solves them: moments, trials, pressures, tanks") { file, csv };
        command.SetAction((result, _) =>
        {
            var network = Load(result.GetValue(file)!);
            var results = new HydraulicSimulation(network).Run();
            Summarise(network, results);
            if (result.GetValue(csv) is { } path) WriteCsv(results, path);
            return Task.FromResult(results.Steps.All(s => s.Solve.Converged) ? 0 : 1);
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "An EPANET input file (.inp)" };
        var network = new Option<string>("--network") { Description = "The network's id in the twin (lower-case letters and digits)", Required = true };
        var origin = new Option<string>("--origin") { Description = "LAT,LON where the file's (0, 0) lies", Required = true };
        var scale = new Option<double>("--scale") { Description = "Metres per unit of the file's coordinates", DefaultValueFactory = _ => 1 };
        var city = new Option<string>("--city") { Description = "The city segment of the twin's entity ids", DefaultValueFactory = _ => "jinan" };
        var twin = new Option<string>("--twin") { Description = "The twin's NGSI-LD API", DefaultValueFactory = _ => "http://127.0.0.1:8080/" };
        var command = new Command("import", $"Put an EPANET network into the twin as Junction, Reservoir, Tank, Pipe, Pump, Valve and WaterNetwork entities (an operator's key in ${AuditCommand.ApiKeyEnv})")
        {
            file, network, origin, scale, city, twin,
        };
        command.SetAction(async (result, ct) =>
        {
            var net = Load(result.GetValue(file)!);
            var at = result.GetValue(origin)!.Split(',');
            if (at.Length != 2 || !double.TryParse(at[0], CultureInfo.InvariantCulture, out var lat) || !double.TryParse(at[1], CultureInfo.InvariantCulture, out var lon))
                throw new UsageException($"--origin is '{result.GetValue(origin)}'; give LAT,LON in degrees, e.g. 36.66,117.00");
            if (result.GetValue(scale) is not (> 0 and <= 1e5) and var s) throw new UsageException($"--scale is {s}; it must be above 0 and at most 100000 m a unit");
            var plane = new LocalTangentPlane(lat, lon);
            double metres = result.GetValue(scale);
            IReadOnlyList<TwinElement> elements;
            try
            {
                elements = WaterNetworkEntities.Describe(net, result.GetValue(network)!, (x, y) => plane.ToWgs84(x * metres, y * metres));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--network: {e.Message}");
            }
            var written = await TwinElementUpload.UpsertAsync(elements, result.GetValue(city)!, result.GetValue(twin)!, "network", ct);
            if (written < 0) return 1;
            Console.WriteLine($"{written} entities of water network '{result.GetValue(network)}' written: {net.Junctions.Count} junctions, {net.Reservoirs.Count} reservoirs, " +
                              $"{net.Tanks.Count} tanks, {net.Pipes.Count} pipes, {net.Pumps.Count} pumps, {net.Valves.Count} valves");
            return 0;
        });
        return command;
    }

    private static WaterNetwork Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path} does not exist");
        try
        {
            return InpReader.Read(path);
        }
        catch (InpFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void Summarise(WaterNetwork net, HydraulicResults results)
    {
        Console.WriteLine($"{net.Title.Split('\n')[0].Trim()}: {net.Junctions.Count} junctions, {net.Reservoirs.Count} reservoirs, {net.Tanks.Count} tanks, " +
                          $"{net.Pipes.Count} pipes, {net.Pumps.Count} pumps, {net.Valves.Count} valves; {net.Options.HeadLoss}, {net.Options.DemandModel}");
        Console.WriteLine($"{results.Steps.Count} moments over {net.Times.Duration / 3600.0:0.##} h in {results.WallSeconds * 1000:0.0} ms; " +
                          $"{results.Steps.Sum(s => s.Solve.Trials) / (double)results.Steps.Count:0.0} trials a moment; " +
                          $"{results.Steps.Count(s => !s.Solve.Converged)} not converged");
        var junctions = Enumerable.Range(0, net.Junctions.Count).ToArray();
        if (junctions.Length > 0)
        {
            var (low, lowAt, lowId) = results.Steps.SelectMany(s => junctions.Select(j => (results.Pressure(s, j), s.Time, net.Junctions[j].Id))).MinBy(x => x.Item1);
            var (high, highAt, highId) = results.Steps.SelectMany(s => junctions.Select(j => (results.Pressure(s, j), s.Time, net.Junctions[j].Id))).MaxBy(x => x.Item1);
            Console.WriteLine($"pressure: lowest {low:0.00} m at junction {lowId} ({Clock(lowAt)}), highest {high:0.00} m at {highId} ({Clock(highAt)})");
        }
        for (int t = 0; t < net.Tanks.Count; t++)
        {
            int node = net.Junctions.Count + net.Reservoirs.Count + t;
            var levels = results.Steps.Select(s => s.Head[node] - net.Tanks[t].Elevation).ToArray();
            Console.WriteLine($"tank {net.Tanks[t].Id}: level {levels[0]:0.00} → {levels[^1]:0.00} m (range {levels.Min():0.00}–{levels.Max():0.00}; limits {net.Tanks[t].MinLevel:0.00}–{net.Tanks[t].MaxLevel:0.00})");
        }
        foreach (var problem in results.Steps.Where(s => s.Solve.Problem is not null).Take(5))
            Console.WriteLine($"at {Clock(problem.Time)}: {problem.Solve.Problem}");
    }

    private static void WriteCsv(HydraulicResults results, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("time_s,kind,id,value");
        foreach (var s in results.Steps)
        {
            for (int n = 0; n < results.NodeIds.Count; n++) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Time},head_m,{results.NodeIds[n]},{s.Head[n]:R}"));
            for (int k = 0; k < results.LinkIds.Count; k++) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Time},flow_m3s,{results.LinkIds[k]},{s.Flow[k]:R}"));
        }
        Console.WriteLine($"wrote {path}");
    }

    private static string Clock(long seconds) => $"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}";
}
