using System.Globalization;
using System.Text;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Simulation.Flood;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs a flood scenario: one ground (terrain, footprints as walls), then the baseline and each variant (its barriers
/// raise the bed, its pumps take water out, its rain scale multiplies the rain). Nothing is random after the terrain,
/// which is drawn from terrain.generate.seed and not from the member's seed, so every ensemble member would repeat the
/// same run: each variant is run once, whatever the ensemble, and the report says Runs = 1. Each writes to
/// {results}/{variant}/: max-depth.asc, arrival.asc (s to the closure depth), map.png, gauges.csv and consequences.json.
/// </summary>
public static class FloodRunner
{
    public const string FloodedAreaKm2 = "floodedAreaKm2", MaxDepth = "maxDepth", RoadsCut = "roadsCut", HospitalsFlooded = "hospitalsFlooded",
        SheltersFlooded = "sheltersFlooded", SubstationsFlooded = "substationsFlooded",
        SecondarySubstationsFlooded = "secondarySubstationsFlooded", BuildingsFlooded = "buildingsFlooded",
        PeopleAffected = "peopleAffected", MassBalanceError = "massBalanceError";

    public const string MapFile = "map.png", ConsequencesFile = "consequences.json", GroundFile = "ground.json";

    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var flood = spec.Flood ?? throw new ScenarioInputException("spec.flood", "required for simulation 'flood'.");
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        Directory.CreateDirectory(options.ResultsDirectory);
        var ground = FloodGround.Create(flood, options.City, options.Inputs);
        File.WriteAllText(Path.Combine(options.ResultsDirectory, GroundFile), JsonSerializer.Serialize(new { description = ground.Description }, ScenarioJson.Indented));
        progress?.Report(new ScenarioProgress(0, ground.Description, 0));
        var baseSources = Sources(flood, ground);
        var variants = new List<(string Name, FloodInterventionSpec? Change, string Field)> { (TrafficVariant.BaselineName, null, "spec.flood") };
        variants.AddRange(spec.Interventions.Select((v, i) => (v.Name, (FloodInterventionSpec?)(v.Flood ?? throw new ScenarioInputException($"spec.interventions[{i}].flood", "required for a flood variant.")), $"spec.interventions[{i}].flood")));
        var values = new List<Dictionary<string, double>>();
        for (int k = 0; k < variants.Count; k++)
        {
            var (name, change, field) = variants[k];
            ct.ThrowIfCancellationRequested();
            var grid = Defended(ground, flood, change, field);
            var run = change is null ? baseSources : baseSources with
            {
                Pumps = [.. baseSources.Pumps, .. Pumps(ground, change.Pumps, field)],
                Rain = baseSources.Rain is { } rain ? rain with { Scale = change.RainScale ?? 1 } : null,
            };
            var problems = run.Problems(grid, null).Concat(grid.Problems()).ToList();
            if (problems.Count > 0) throw new ScenarioInputException(field, string.Join("; ", problems));
            using var simulation = new FloodSimulation(grid, run, null, compute.Device);
            long reportEvery = 200;
            while (!simulation.IsFinished)
            {
                ct.ThrowIfCancellationRequested();
                simulation.Step();
                if (simulation.Steps % reportEvery == 0)
                    progress?.Report(new ScenarioProgress((k + simulation.Seconds / run.Seconds) / variants.Count, name, simulation.Seconds));
            }
            var result = simulation.Result;
            var consequences = FloodConsequences.Of(ground, result, options.City, flood.RoadClosureDepthMetres, flood.FloodedDepthMetres,
                flood.Twin?.FloorAreaPerResident ?? 35);
            string directory = Path.Combine(options.ResultsDirectory, name);
            Write(directory, ground, grid, result, consequences, flood.FloodedDepthMetres);
            values.Add(Kpis(grid, result, consequences, flood.FloodedDepthMetres));
            progress?.Report(new ScenarioProgress((double)(k + 1) / variants.Count,
                $"{name}: {values[^1][FloodedAreaKm2]:0.###} km² flooded, {consequences.RoadsCut.Count} roads cut", result.SimulatedSeconds));
        }
        var kpis = KpiMath.Merge([new KpiReport
        {
            Baseline = values[0],
            Interventions = values.Skip(1).Select((v, i) => new InterventionKpis { Name = variants[i + 1].Name, Values = v }).ToArray(),
        }]) with { Device = compute.Description };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    /// <summary>
    /// The flood of <paramref name="flood"/> over <paramref name="city"/> with no change, and what it does to the city
    /// (buildings reached at <paramref name="floodedDepth"/>): what an evacuation runs first. Writes nothing.
    /// </summary>
    internal static (FloodGround Ground, FloodResult Result, FloodConsequences Consequences) Simulate(FloodSpec flood, string field, TwinCity city,
        InputFiles inputs, ComputeSelection compute, double floodedDepth, Action<double>? progress, CancellationToken ct)
    {
        var ground = FloodGround.Create(flood, city, inputs);
        var run = Sources(flood, ground);
        var grid = Defended(ground, flood, null, field);
        var problems = run.Problems(grid, null).Concat(grid.Problems()).ToList();
        if (problems.Count > 0) throw new ScenarioInputException(field, string.Join("; ", problems));
        using var simulation = new FloodSimulation(grid, run, null, compute.Device);
        while (!simulation.IsFinished)
        {
            ct.ThrowIfCancellationRequested();
            simulation.Step();
            if (simulation.Steps % 200 == 0) progress?.Invoke(simulation.Seconds / run.Seconds);
        }
        var result = simulation.Result;
        return (ground, result, FloodConsequences.Of(ground, result, city, flood.RoadClosureDepthMetres, floodedDepth, flood.Twin?.FloorAreaPerResident ?? 35));
    }

    /// <summary>The baseline's water: the inflows, the rain, gauges at each inflow; open edges, so a river leaves downstream.</summary>
    private static FloodOptions Sources(FloodSpec flood, FloodGround ground)
    {
        var inflows = flood.Inflows.Select((inflow, i) =>
        {
            string field = $"spec.flood.inflows[{i}]";
            var (x, y) = ground.Cell(inflow.At, $"{field}.at");
            return new PointInflow(inflow.Name, x, y, Series(inflow.Hydrograph.Select(p => (p.Hour, p.CubicMetresPerSecond)).ToList(), $"{field}.hydrograph"));
        }).ToList();
        var rain = flood.Rain.Count == 0 ? null : new Rainfall(Series(flood.Rain.Select(p => (p.Hour, p.MillimetresPerHour)).ToList(), "spec.flood.rain"));
        return new FloodOptions
        {
            Seconds = flood.Hours * 3600,
            Edges = FloodEdges.Open,
            // The arrival raster is then each cell's closure time: what a road's cut is read from.
            ArrivalDepth = flood.RoadClosureDepthMetres,
            GaugeSeconds = Math.Max(60, flood.Hours * 3600 / 200),
            Inflows = inflows,
            Rain = rain,
            Pumps = Pumps(ground, flood.Pumps, "spec.flood"),
            Gauges = inflows.Select(p => new Gauge(p.Name, p.X, p.Y)).ToList(),
        };
    }

    private static TimeSeries Series(IReadOnlyList<(double? Hour, double? Value)> points, string field)
    {
        if (points.Count == 0) throw new ScenarioInputException(field, "needs at least one point.");
        for (int k = 1; k < points.Count; k++)
            if (!(points[k].Hour > points[k - 1].Hour))
                throw new ScenarioInputException($"{field}[{k}].hour", $"hours must increase: {points[k].Hour} follows {points[k - 1].Hour}.");
        return new TimeSeries(points.Select(p => (p.Hour ?? 0) * 3600).ToArray(), points.Select(p => p.Value ?? 0).ToArray());
    }

    /// <summary>
    /// The grid a run floods: the ground with the standing barriers (<see cref="FloodSpec.Barriers"/>) and the
    /// variant's raised; the ground itself when there are none.
    /// </summary>
    private static FloodGrid Defended(FloodGround ground, FloodSpec flood, FloodInterventionSpec? change, string field)
    {
        var barriers = flood.Barriers.Select((b, i) => (Barrier: b, Field: $"spec.flood.barriers[{i}]"))
            .Concat((change?.Barriers ?? []).Select((b, i) => (Barrier: b, Field: $"{field}.barriers[{i}]"))).ToList();
        return barriers.Count == 0 ? ground.Grid : ground.Grid with { Bed = Raised(ground, barriers) };
    }

    /// <summary>The bed with each barrier's height added once to every open cell its line crosses.</summary>
    private static double[] Raised(FloodGround ground, IReadOnlyList<(BarrierSpec Barrier, string Field)> barriers)
    {
        var bed = (double[])ground.Grid.Bed.Clone();
        foreach (var (barrier, path) in barriers)
        {
            if (barrier.Line.Count < 2) throw new ScenarioInputException($"{path}.line", $"needs at least two points, not {barrier.Line.Count}.");
            var line = barrier.Line.Select((p, j) => ground.Place(p, $"{path}.line[{j}]")).ToList();
            int crossed = 0;
            foreach (int cell in FloodConsequences.LineCells(ground, line)) { bed[cell] += barrier.HeightMetres ?? 0; crossed++; }
            if (crossed == 0) throw new ScenarioInputException($"{path}.line", "crosses no cell of the grid.");
        }
        return bed;
    }

    /// <summary>Pumps at their cells, each at its capacity throughout.</summary>
    private static List<Pump> Pumps(FloodGround ground, IReadOnlyList<PumpSpec> pumps, string field) =>
        [.. pumps.Select((p, j) =>
        {
            var (x, y) = ground.Cell(p.At ?? throw new ScenarioInputException($"{field}.pumps[{j}].at", "required."), $"{field}.pumps[{j}].at");
            return new Pump(p.Name, x, y, TimeSeries.Constant(p.CubicMetresPerSecond ?? 0));
        })];

    private static Dictionary<string, double> Kpis(FloodGrid grid, FloodResult result, FloodConsequences consequences, double floodedDepth)
    {
        int flooded = result.MaxDepth.Count(d => d > floodedDepth);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [FloodedAreaKm2] = Math.Round(flooded * grid.CellSize * grid.CellSize / 1e6, 4),
            [MaxDepth] = Math.Round(result.MaxDepth.Max(), 3),
            [RoadsCut] = consequences.RoadsCut.Count,
            [HospitalsFlooded] = consequences.Count(EntityTypes.Hospital),
            [SheltersFlooded] = consequences.Count(EntityTypes.Shelter),
            [SubstationsFlooded] = consequences.Count(EntityTypes.Substation),
            [SecondarySubstationsFlooded] = consequences.Count(EntityTypes.BusbarSection),
            [BuildingsFlooded] = consequences.BuildingsFlooded,
            [PeopleAffected] = consequences.PeopleAffected,
            [MassBalanceError] = Math.Abs(result.Balance.RelativeResidual),
        };
    }

    private static void Write(string directory, FloodGround ground, FloodGrid grid, FloodResult result, FloodConsequences consequences, double floodedDepth)
    {
        Directory.CreateDirectory(directory);
        EsriAsciiGridWriter.Write(NorthUp(ground, result.MaxDepth), Path.Combine(directory, "max-depth.asc"));
        EsriAsciiGridWriter.Write(NorthUp(ground, result.ArrivalSeconds), Path.Combine(directory, "arrival.asc"));
        File.WriteAllBytes(Path.Combine(directory, MapFile), FloodMap.Png(grid, result.MaxDepth, floodedDepth));
        var csv = new StringBuilder("gauge,x,y,seconds,depth\n");
        foreach (var gauge in result.Gauges)
            for (int k = 0; k < gauge.Seconds.Count; k++)
                csv.Append(CultureInfo.InvariantCulture, $"{gauge.Name},{gauge.X},{gauge.Y},{gauge.Seconds[k]:0.###},{gauge.Depths[k]:0.####}\n");
        File.WriteAllText(Path.Combine(directory, "gauges.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(directory, ConsequencesFile), JsonSerializer.Serialize(new
        {
            roadsCut = consequences.RoadsCut, sites = consequences.Sites, buildings = consequences.Buildings, consequences.BuildingsFlooded, consequences.PeopleAffected,
            balance = result.Balance, result.Steps, result.SimulatedSeconds, result.WallSeconds, result.Backend,
        }, ScenarioJson.Indented));
    }

    /// <summary>A raster of the engine's cells (rows from the south) on the terrain's georeference (rows from the north); NaN is no data.</summary>
    private static ElevationGrid NorthUp(FloodGround ground, float[] values)
    {
        var terrain = ground.Terrain;
        var flipped = new float[values.Length];
        for (int row = 0; row < terrain.Rows; row++)
            Array.Copy(values, (terrain.Rows - 1 - row) * terrain.Columns, flipped, row * terrain.Columns, terrain.Columns);
        return new ElevationGrid(terrain.Columns, terrain.Rows, terrain.CellSize, terrain.OriginX, terrain.OriginY, flipped, crs: terrain.Crs);
    }

    /// <summary>A variant's flooded buildings as written (whom an evacuation would move).</summary>
    public static IReadOnlyList<FloodedBuilding> ReadBuildings(string directory)
    {
        string path = Path.Combine(directory, ConsequencesFile);
        if (!File.Exists(path)) return [];
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("buildings", out var buildings) ? buildings.Deserialize<List<FloodedBuilding>>(ScenarioJson.Indented) ?? [] : [];
    }

    /// <summary>A variant's consequences as written (the report's lists).</summary>
    public static (IReadOnlyList<FloodedRoad> Roads, IReadOnlyList<FloodedSite> Sites) ReadConsequences(string directory)
    {
        string path = Path.Combine(directory, ConsequencesFile);
        if (!File.Exists(path)) return ([], []);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var roads = json.RootElement.GetProperty("roadsCut").Deserialize<List<FloodedRoad>>(ScenarioJson.Indented) ?? [];
        var sites = json.RootElement.GetProperty("sites").Deserialize<List<FloodedSite>>(ScenarioJson.Indented) ?? [];
        return (roads, sites);
    }
}
