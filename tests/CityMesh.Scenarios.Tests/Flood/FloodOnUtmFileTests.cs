using CityMesh.Contracts.Geo;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Simulation.Geo;
using CityMesh.Simulation.Terrain;

namespace CityMesh.Scenarios.Tests.Flood;

/// <summary>
/// A city's own elevation raster (a file in WGS 84 / UTM) with its twin: the buildings are placed on the grid by the
/// UTM projection, so a footprint walls off the cells under its UTM coordinates; a grid in any other CRS is refused
/// with the twin, naming the file's field.
/// </summary>
public sealed class FloodOnUtmFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-utm-{Guid.NewGuid():N}");
    private static readonly UtmGeoreference Zone50 = new(50, north: true);
    private static readonly Position Centre = new(117.02, 36.66);

    public FloodOnUtmFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private InputFiles Inputs => new(_directory, _directory);

    /// <summary>A 4 km × 3 km valley of 50 m cells around Jinan's centre, written in UTM 50N with the given .prj text.</summary>
    private string Dem(string prj)
    {
        var (e, n) = Zone50.ToPlane(Centre);
        var valley = TerrainGenerator.Generate(new TerrainOptions { OriginX = Math.Round(e) - 2000, OriginY = Math.Round(n) - 1500, CellSize = 50, Seed = 5, RiverWidth = 100 });
        string path = Path.Combine(_directory, "jinan-dem.asc");
        EsriAsciiGridWriter.Write(valley.Grid, path);
        File.WriteAllText(PrjFile.PathBeside(path), prj);
        return "jinan-dem.asc";
    }

    private static FloodSpec Spec(string file) => new()
    {
        Terrain = new FloodTerrainSpec { File = new FileSource { Path = file } },
        Hours = 0.1,
        Rain = [new RainPointSpec { Hour = 0, MillimetresPerHour = 50 }],
        Twin = new FloodTwinSpec(),
    };

    /// <summary>A 200 m square block 300 m east of the centre.</summary>
    private static TwinCity City()
    {
        var plane = new LocalTangentPlane(Centre.Latitude, Centre.Longitude);
        Position P(double x, double y) => plane.ToWgs84(300 + x, y);
        return new TwinCity(new Uri("http://twin.test:8081"), "jinan",
            [new TwinBuilding("urn:ngsi-ld:Building:jinan:block", P(0, 0), "residential", 20_000, [P(-100, -100), P(100, -100), P(100, 100), P(-100, 100), P(-100, -100)])], []);
    }

    [Theory]
    [InlineData("EPSG:32650")]
    [InlineData("+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs")]
    [InlineData("PROJCS[\"WGS_1984_UTM_Zone_50N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",117.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]")]
    public void A_footprint_walls_off_the_cells_under_its_UTM_coordinates(string prj)
    {
        var city = City();
        var ground = FloodGround.Create(Spec(Dem(prj)), city, Inputs);

        var block = city.Buildings[0];
        var (e, n) = Zone50.ToPlane(block.Location);
        Assert.Equal((e, n), ground.ToPlane(block.Location));
        Assert.True(ground.TryCell(e, n, out int x, out int y));
        Assert.True(ground.Grid.IsBlocked(ground.Grid.Index(x, y)), "the block's own cell is a wall");
        // 200 m on 50 m cells: 4 × 4 cells, give or take the edge cells a footprint half covers.
        Assert.InRange(ground.Grid.Blocked.Count(b => b), 9, 25);
        Assert.False(ground.Grid.IsBlocked(ground.Grid.Index(x + 6, y)), "300 m east of it is open");
        // A whole run on it, water let in at a latitude/longitude (placed by the same projection) beside the block.
        var inflow = new FloodInflowSpec
        {
            Name = "burst", At = new FloodPointSpec { Latitude = Centre.Latitude, Longitude = Centre.Longitude },
            Hydrograph = [new HydrographPointSpec { Hour = 0, CubicMetresPerSecond = 100 }],
        };
        var scenario = new TwinScenario
        {
            Metadata = new ObjectMeta { Name = "utm", Namespace = "jinan" },
            Spec = new TwinScenarioSpec { City = "jinan", Simulation = SimulationKinds.Flood, Flood = Spec("jinan-dem.asc") with { Inflows = [inflow] } },
        };
        var run = ScenarioRunner.Run(scenario, new ScenarioRunOptions(Path.Combine(_directory, "run"), Inputs, City: city));
        Assert.True(run.Kpis.Baseline[FloodRunner.FloodedAreaKm2] > 0, string.Join(", ", run.Kpis.Baseline));
    }

    [Fact]
    public void A_grid_not_in_a_UTM_zone_on_WGS84_is_refused_with_the_twin_naming_the_file()
    {
        var e = Assert.Throws<ScenarioInputException>(() => FloodGround.Create(Spec(Dem("EPSG:3857")), City(), Inputs));
        Assert.Equal("spec.flood.terrain.file", e.Field);
        Assert.Contains("EPSG:3857", e.Message);
        Assert.Contains("UTM", e.Message);
        // Without the twin nothing needs placing: the same file runs alone.
        Assert.NotNull(FloodGround.Create(Spec("jinan-dem.asc") with { Twin = null }, null, Inputs));
    }

    [Fact]
    public void Only_UTM_zones_on_WGS84_are_recognised()
    {
        Assert.Equal((50, true), Zone(CoordinateReferenceSystem.FromEpsg(32650)));
        Assert.Equal((19, false), Zone(CoordinateReferenceSystem.FromEpsg(32719)));
        Assert.Equal((33, true), Zone(new CoordinateReferenceSystem(null, "+proj=utm +zone=33 +ellps=WGS84 +units=m")));
        Assert.Equal((50, true), Zone(new CoordinateReferenceSystem(null, "PROJCS[\"WGS 84 / UTM zone 50N\",GEOGCS[\"WGS 84\"]]")));
        Assert.Null(GridGeoreference.Utm(CoordinateReferenceSystem.FromEpsg(3857)));
        Assert.Null(GridGeoreference.Utm(CoordinateReferenceSystem.FromEpsg(32661))); // UPS north, not a zone
        Assert.Null(GridGeoreference.Utm(new CoordinateReferenceSystem(null, "+proj=utm +zone=50 +ellps=intl")));
        Assert.Null(GridGeoreference.Utm(new CoordinateReferenceSystem(null, "PROJCS[\"ED50 / UTM zone 31N\"]")));
        Assert.Null(GridGeoreference.Utm(CoordinateReferenceSystem.Unknown));
    }

    private static (int, bool)? Zone(CoordinateReferenceSystem crs) => GridGeoreference.Utm(crs) is { } utm ? (utm.Zone, utm.North) : null;
}
