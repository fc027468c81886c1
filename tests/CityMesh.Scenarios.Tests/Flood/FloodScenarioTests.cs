using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Scenarios.Tests.Flood;

/// <summary>
/// The flood kind end to end: a river flood over a town read as its twin (a road across the valley is cut, the hospital
/// on the bank is flooded and the one on the hill is not, a ring embankment keeps the bank's hospital dry), the files
/// and the report, the Jinan example, and specs refused by the field at fault.
/// </summary>
public sealed class FloodScenarioTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-flood-{Guid.NewGuid():N}");
    private static readonly TwinScenario Jinan = ScenarioDocument.Load(RepositoryFiles.Example("flood-jinan-river.yaml"));

    public FloodScenarioTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private InputFiles Inputs => new(_directory, _directory);

    private static ScenarioRunOptions Options(string results, InputFiles inputs, FloodTown? town = null) =>
        new(results, inputs, Compute: ComputeSelector.Select(ComputeBackendKind.Managed), City: town?.City);

    [Fact]
    public void The_jinan_example_validates_reads_the_twin_and_has_an_embankment_variant()
    {
        Assert.Empty(ScenarioValidator.Validate(Jinan));
        Assert.Equal(SimulationKinds.Flood, Jinan.Spec.Simulation);
        Assert.NotNull(Jinan.Spec.Flood!.Twin);
        Assert.NotNull(Jinan.Spec.Flood.Terrain!.Generate);
        Assert.Equal(["embankment"], Jinan.Spec.Interventions.Select(i => i.Name));
        Assert.Single(Jinan.Spec.Interventions[0].Flood!.Barriers);
    }

    [Fact]
    public void A_river_flood_cuts_the_valley_road_and_floods_the_hospital_on_the_bank_but_not_the_one_on_the_hill()
    {
        var town = FloodTown.Build(Inputs);
        var (lx, ly) = FloodTown.Centre(town.Ground, town.LowCell);
        double ring = 3 * town.Ground.Grid.CellSize;
        var scenario = Scenario(FloodTown.Spec, new InterventionSpec
        {
            Name = "ring-wall",
            Flood = new FloodInterventionSpec
            {
                Barriers = [new BarrierSpec
                {
                    Name = "ring", HeightMetres = 15,
                    Line = [Point(lx - ring, ly - ring), Point(lx + ring, ly - ring), Point(lx + ring, ly + ring), Point(lx - ring, ly + ring), Point(lx - ring, ly - ring)],
                }],
            },
        });
        Assert.Empty(ScenarioValidator.Validate(scenario));

        var result = ScenarioRunner.Run(scenario, Options(Path.Combine(_directory, "results"), Inputs, town));

        var baseline = result.Kpis.Baseline;
        var (roads, sites) = FloodRunner.ReadConsequences(Path.Combine(result.ResultsDirectory, "baseline"));
        Assert.Equal([FloodTown.Crossing], roads.Select(r => r.Id));
        Assert.InRange(roads[0].ClosesAtSeconds, 1, 1.5 * 3600);
        Assert.True(roads[0].MaxDepth > 0.3, $"the road's deepest water is {roads[0].MaxDepth} m");
        Assert.True(sites.Where(s => s.Type == "Hospital").Select(s => s.Id).SequenceEqual([FloodTown.LowHospital]),
            $"flooded: {string.Join(", ", sites.Select(s => $"{s.Id} {s.MaxDepth} m"))}; entry {town.Ground.RiverEntry}, low {town.LowCell} at {Bed(town, town.LowCell):0.0} m, high {town.HighCell} at {Bed(town, town.HighCell):0.0} m, grid {town.Ground.Grid.Width} × {town.Ground.Grid.Height}");
        Assert.DoesNotContain(sites, s => s.Type == "Shelter");
        Assert.Equal(1, baseline[FloodRunner.RoadsCut]);
        Assert.Equal(1, baseline[FloodRunner.HospitalsFlooded]);
        Assert.Equal(0, baseline[FloodRunner.SheltersFlooded]);
        Assert.True(baseline[FloodRunner.FloodedAreaKm2] > 0);
        Assert.True(baseline[FloodRunner.MassBalanceError] < 1e-9, $"mass balance error {baseline[FloodRunner.MassBalanceError]}");

        // The ring keeps the bank's hospital dry; the road still goes under elsewhere along its line.
        var wall = result.Kpis.Interventions.Single().Values;
        Assert.Equal(0, wall[FloodRunner.HospitalsFlooded]);
        var (_, wallSites) = FloodRunner.ReadConsequences(Path.Combine(result.ResultsDirectory, "ring-wall"));
        Assert.DoesNotContain(wallSites, s => s.Id == FloodTown.LowHospital);

        // The files a GIS reads back: the depth raster on the terrain's georeference, its deepest cell the KPI.
        var depth = EsriAsciiGridReader.Read(Path.Combine(result.ResultsDirectory, "baseline", "max-depth.asc"));
        Assert.Equal((town.Ground.Terrain.Columns, town.Ground.Terrain.Rows, town.Ground.Terrain.OriginX), (depth.Columns, depth.Rows, depth.OriginX));
        Assert.Equal(baseline[FloodRunner.MaxDepth], Math.Round(depth.Values.Where(v => !depth.IsNoData(v)).Max(), 3));
        Assert.True(File.Exists(Path.Combine(result.ResultsDirectory, "baseline", "arrival.asc")));
        Assert.StartsWith("gauge,x,y,seconds,depth", File.ReadAllText(Path.Combine(result.ResultsDirectory, "baseline", "gauges.csv")));

        string html = ScenarioReport.Html(scenario, result);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("Valley Road", html);
        Assert.Contains("River Hospital", html);
        Assert.Contains("floodedAreaKm2", html);
    }

    [Fact]
    public void The_citys_standing_defences_are_in_the_baseline_as_a_variant_would_put_them()
    {
        var town = FloodTown.Build(Inputs);
        var (lx, ly) = FloodTown.Centre(town.Ground, town.LowCell);
        double ring = 3 * town.Ground.Grid.CellSize;
        BarrierSpec wall = new()
        {
            Name = "ring", HeightMetres = 15,
            Line = [Point(lx - ring, ly - ring), Point(lx + ring, ly - ring), Point(lx + ring, ly + ring), Point(lx - ring, ly + ring), Point(lx - ring, ly - ring)],
        };
        PumpSpec pump = new() { Name = "sump", At = Point(lx, ly), CubicMetresPerSecond = 2 };

        var standing = Scenario(FloodTown.Spec with { Barriers = [wall], Pumps = [pump] });
        var asVariant = Scenario(FloodTown.Spec, new InterventionSpec { Name = "defended", Flood = new FloodInterventionSpec { Barriers = [wall], Pumps = [pump] } });
        Assert.Empty(ScenarioValidator.Validate(standing));

        var inPlace = ScenarioRunner.Run(standing, Options(Path.Combine(_directory, "standing"), Inputs, town)).Kpis.Baseline;
        var compared = ScenarioRunner.Run(asVariant, Options(Path.Combine(_directory, "variant"), Inputs, town)).Kpis;

        // The same water over the same walls and pumps, whichever part of the spec put them there: equal to the last digit.
        Assert.Equal(compared.Interventions.Single().Values.OrderBy(k => k.Key), inPlace.OrderBy(k => k.Key));
        Assert.Equal(0, inPlace[FloodRunner.HospitalsFlooded]);
        Assert.Equal(1, compared.Baseline[FloodRunner.HospitalsFlooded]);
    }

    [Fact]
    public void A_standing_barrier_off_the_grid_is_refused_naming_it()
    {
        var flood = FloodTown.Spec with
        {
            Twin = null, Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec { CellSize = 100 } }, Hours = 0.05,
            Barriers = [new BarrierSpec { Name = "far", HeightMetres = 1, Line = [Point(90_000, 0), Point(90_100, 0)] }],
        };
        var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(Scenario(flood), Options(Path.Combine(_directory, "r"), Inputs)));
        Assert.StartsWith("spec.flood.barriers[0].line", error.Field);
    }

    /// <summary>Footprints larger than a cell become walls, whose roughness the land-cover table leaves unset: the grid still passes the engine's checks.</summary>
    [Fact]
    public void Building_footprints_wall_off_their_cells_and_leave_no_roughness_unset()
    {
        var plane = new CityMesh.Contracts.Geo.LocalTangentPlane(36.66, 117.0);
        CityMesh.Contracts.Geo.Position P(double x, double y) => plane.ToWgs84(x, y);
        var blocks = new[] { (-1500.0, -1000.0), (1500.0, -1000.0), (-1500.0, 1000.0), (1500.0, 1000.0) }
            .Select(c => new TwinBuilding($"urn:ngsi-ld:Building:town:{c.Item1}:{c.Item2}", P(c.Item1, c.Item2), "residential", 40_000,
                [P(c.Item1 - 150, c.Item2 - 150), P(c.Item1 + 150, c.Item2 - 150), P(c.Item1 + 150, c.Item2 + 150), P(c.Item1 - 150, c.Item2 + 150), P(c.Item1 - 150, c.Item2 - 150)]))
            .ToList();
        var ground = FloodGround.Create(FloodTown.Spec, new TwinCity(FloodTown.Twin, "town", blocks, []), Inputs);

        // 300 m squares on 50 m cells: about 36 cells each are walls.
        Assert.InRange(ground.Grid.Blocked.Count(b => b), 4 * 25, 4 * 49 + 1000);
        Assert.All(ground.Grid.Manning, n => Assert.True(double.IsFinite(n) && n >= 0, $"n = {n}"));
        Assert.Empty(ground.Grid.Problems());
    }

    [Fact]
    public void The_example_runs_without_a_twin_over_its_fixed_extent()
    {
        var spec = Jinan.Spec.Flood! with { Twin = null, Hours = 1 };
        var noTwin = Jinan with
        {
            Spec = Jinan.Spec with
            {
                Flood = spec,
                Interventions = [Jinan.Spec.Interventions[0] with { Flood = new FloodInterventionSpec { Pumps = [new PumpSpec { Name = "p", At = Point(0, 0), CubicMetresPerSecond = 50 }] } }],
            },
        };
        Assert.Empty(ScenarioValidator.Validate(noTwin));
        var result = ScenarioRunner.Run(noTwin, Options(Path.Combine(_directory, "results"), Inputs));
        Assert.True(result.Kpis.Baseline[FloodRunner.FloodedAreaKm2] > 0);
        Assert.Equal(0, result.Kpis.Baseline[FloodRunner.RoadsCut]);
        Assert.True(result.Kpis.Baseline[FloodRunner.MassBalanceError] < 1e-9);
        var png = File.ReadAllBytes(Path.Combine(result.ResultsDirectory, "baseline", FloodRunner.MapFile));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Fact]
    public void A_flood_needs_its_twin_read_before_the_run()
    {
        var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(Jinan, Options(Path.Combine(_directory, "r"), Inputs)));
        Assert.Equal("spec.flood.twin", error.Field);
    }

    [Theory]
    [InlineData("terrain", "spec.flood.terrain")]
    [InlineData("both-terrains", "spec.flood.terrain")]
    [InlineData("hours", "spec.flood.hours")]
    [InlineData("no-water", "spec.flood")]
    [InlineData("closure", "spec.flood.roadClosureDepthMetres")]
    [InlineData("no-change", "spec.interventions[0]")]
    [InlineData("missing", "spec.flood")]
    [InlineData("narrow-river", "spec.flood.terrain.generate.riverWidth")]
    [InlineData("hydrograph", "spec.flood.inflows[0].hydrograph[1].hour")]
    public void Bad_flood_specs_are_refused_naming_the_field(string what, string field)
    {
        var flood = FloodTown.Spec;
        var spec = Jinan.Spec with
        {
            Flood = what switch
            {
                "terrain" => flood with { Terrain = null },
                "both-terrains" => flood with { Terrain = flood.Terrain! with { File = new FileSource { Path = "dem.asc" } } },
                "hours" => flood with { Hours = 500 },
                "no-water" => flood with { Inflows = [] },
                "closure" => flood with { RoadClosureDepthMetres = -1 },
                "missing" => null,
                "narrow-river" => flood with { Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec { CellSize = 50, RiverWidth = 60 } } },
                "hydrograph" => flood with { Inflows = [flood.Inflows[0] with { Hydrograph = [new() { Hour = 1, CubicMetresPerSecond = 1 }, new() { Hour = 0.5, CubicMetresPerSecond = 2 }] }] },
                _ => flood,
            },
            Interventions = what == "no-change" ? [new InterventionSpec { Name = "nothing", Flood = new FloodInterventionSpec() }] : [],
        };
        var errors = ScenarioValidator.Validate(Jinan with { Spec = spec });
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void A_hydrograph_whose_hours_go_back_is_refused_at_its_point()
    {
        var flood = FloodTown.Spec with { Twin = null, Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec { CellSize = 100 } } };
        flood = flood with { Inflows = [flood.Inflows[0] with { Hydrograph = [new() { Hour = 1, CubicMetresPerSecond = 1 }, new() { Hour = 0.5, CubicMetresPerSecond = 2 }] }] };
        var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(Scenario(flood), Options(Path.Combine(_directory, "r"), Inputs)));
        Assert.Equal("spec.flood.inflows[0].hydrograph[1].hour", error.Field);
    }

    [Fact]
    public void A_pump_outside_the_grid_is_refused_naming_it()
    {
        var flood = FloodTown.Spec with { Twin = null, Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec { CellSize = 100 } }, Hours = 0.05 };
        var scenario = Scenario(flood, new InterventionSpec { Name = "pumped", Flood = new FloodInterventionSpec { Pumps = [new PumpSpec { Name = "far", At = Point(90_000, 0), CubicMetresPerSecond = 1 }] } });
        var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(scenario, Options(Path.Combine(_directory, "r"), Inputs)));
        Assert.Equal("spec.interventions[0].flood.pumps[0].at", error.Field);
    }

    private static double Bed(FloodTown town, (int X, int Y) cell) => town.Ground.Grid.Bed[town.Ground.Grid.Index(cell.X, cell.Y)];

    private static FloodPointSpec Point(double x, double y) => new() { X = x, Y = y };

    private static TwinScenario Scenario(FloodSpec flood, params InterventionSpec[] variants) => Jinan with
    {
        Spec = Jinan.Spec with { City = "town", Flood = flood, Interventions = variants },
    };
}
