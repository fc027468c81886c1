using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Tests.Flood;

/// <summary>
/// A small town on a generated river valley, built in code as its twin would be read: four blocks of homes that set
/// the extent, then, placed on the ground drawn over them, a hospital on the river's bank (low), one on the highest
/// ground, a road across the valley through the low hospital, and a shelter and a substation beside it.
/// </summary>
internal sealed record FloodTown(TwinCity City, FloodGround Ground, (int X, int Y) LowCell, (int X, int Y) HighCell)
{
    public const string LowHospital = "urn:ngsi-ld:Hospital:town:low", HighHospital = "urn:ngsi-ld:Hospital:town:high",
        Crossing = "urn:ngsi-ld:RoadSegment:town:crossing";

    public static readonly Uri Twin = new("http://twin.test:8081");

    public static FloodSpec Spec => new()
    {
        Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec { CellSize = 50, Seed = 3, MarginMetres = 300 } },
        Hours = 1.5,
        Inflows = [new FloodInflowSpec { Name = "upstream", Hydrograph = [new() { Hour = 0, CubicMetresPerSecond = 200 }, new() { Hour = 0.5, CubicMetresPerSecond = 1500 }] }],
        Twin = new FloodTwinSpec(),
    };

    public static FloodTown Build(InputFiles inputs)
    {
        var plane = new LocalTangentPlane(36.66, 117.0);
        var homes = new List<TwinBuilding>();
        foreach (var (x, y) in new[] { (-1500.0, -1000.0), (1500.0, -1000.0), (-1500.0, 1000.0), (1500.0, 1000.0) })
        {
            Position P(double dx, double dy) => plane.ToWgs84(x + dx, y + dy);
            homes.Add(new TwinBuilding($"urn:ngsi-ld:Building:town:{x}:{y}", P(0, 0), "residential", 3500, [P(-20, -20), P(20, -20), P(20, 20), P(-20, 20), P(-20, -20)]));
        }
        var bare = new TwinCity(Twin, "town", homes, []);
        var ground = FloodGround.Create(Spec, bare, inputs);
        var grid = ground.Grid;
        var entry = ground.RiverEntry!.Value;
        // The bank: the lowest open cell beside the channel, 12 to 20 cells from where the river enters (clear of the inflow).
        var low = Enumerable.Range(0, grid.Count)
            .Select(c => (X: c % grid.Width, Y: c / grid.Width))
            .Where(c => !ground.River[grid.Index(c.X, c.Y)] && !grid.IsBlocked(grid.Index(c.X, c.Y)) && Beside(ground, c)
                && Math.Abs(c.X - entry.X) + Math.Abs(c.Y - entry.Y) is >= 12 and <= 20
                && c.X is > 3 && c.Y > 3 && c.X < grid.Width - 4 && c.Y < grid.Height - 4)
            .MinBy(c => grid.Bed[grid.Index(c.X, c.Y)]);
        // The hill: the highest open cell well away from the inflow, whose jet can splash up the slope beside it.
        var high = Enumerable.Range(0, grid.Count)
            .Where(c => !grid.IsBlocked(c) && Math.Abs(c % grid.Width - entry.X) + Math.Abs(c / grid.Width - entry.Y) > 20)
            .MaxBy(c => grid.Bed[c]);
        var highCell = (high % grid.Width, high / grid.Width);
        Position At((int X, int Y) cell) => ground.Plane!.ToWgs84(Centre(ground, cell).X, Centre(ground, cell).Y);
        // Across the valley: a line through the low hospital at right angles to the river.
        var (cx, cy) = Centre(ground, low);
        bool eastward = Math.Abs(low.X - entry.X) > Math.Abs(low.Y - entry.Y);
        var road = eastward
            ? new[] { (cx, ground.Terrain.OriginY + 1), (cx, ground.Terrain.MaxY - 1) }
            : new[] { (ground.Terrain.OriginX + 1, cy), (ground.Terrain.MaxX - 1, cy) };
        var city = bare with
        {
            Hospitals =
            [
                new TwinHospital(HighHospital, "Hill Hospital", At(highCell), 200, 20, 10),
                new TwinHospital(LowHospital, "River Hospital", At(low), 200, 20, 10),
            ],
            Roads = [new TwinRoad(Crossing, "Valley Road", road.Select(p => ground.Plane!.ToWgs84(p.Item1, p.Item2)).ToArray())],
            Sites = [new TwinSite("urn:ngsi-ld:Shelter:town:hill", "Hill School", EntityTypes.Shelter, At(highCell))],
        };
        return new FloodTown(city, ground, low, highCell);
    }

    /// <summary>A plane point at a cell's centre.</summary>
    public static (double X, double Y) Centre(FloodGround ground, (int X, int Y) cell) =>
        (ground.Terrain.OriginX + (cell.X + 0.5) * ground.Grid.CellSize, ground.Terrain.OriginY + (cell.Y + 0.5) * ground.Grid.CellSize);

    private static bool Beside(FloodGround ground, (int X, int Y) c) =>
        new[] { (1, 0), (-1, 0), (0, 1), (0, -1) }.Any(d => ground.Grid.Contains(c.X + d.Item1, c.Y + d.Item2) && ground.River[ground.Grid.Index(c.X + d.Item1, c.Y + d.Item2)]);
}
