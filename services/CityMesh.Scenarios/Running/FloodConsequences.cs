using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Simulation.Flood;

namespace CityMesh.Scenarios.Running;

/// <summary>A road the flood cut: when water on it first passed the closure depth, s, and the deepest water on it, m.</summary>
public sealed record FloodedRoad(string Id, string Name, double ClosesAtSeconds, double MaxDepth);

/// <summary>A building or critical site whose maximum depth passed the flooded depth; Type is the twin's entity type.</summary>
public sealed record FloodedSite(string Id, string Name, string Type, double MaxDepth, double? ArrivalSeconds);

/// <summary>A building the flood reached: the people living in it (residential floor area over the area per resident), and where it is (WGS84).</summary>
public sealed record FloodedBuilding(string Id, string Usage, double People, double MaxDepth, double? ArrivalSeconds, double Longitude, double Latitude)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Position Location => new(Longitude, Latitude);
}

/// <summary>
/// A flood's consequences read against the twin's entities. A building's depth is the deepest water in the open cells
/// around it, over its footprint's bounds grown by one cell (its own cells are walls and stay dry), or around its
/// location without a footprint; a road is cut where a cell its line crosses passed the closure depth.
/// </summary>
public sealed record FloodConsequences(IReadOnlyList<FloodedRoad> RoadsCut, IReadOnlyList<FloodedSite> Sites, int BuildingsFlooded, double PeopleAffected)
{
    public static readonly FloodConsequences None = new([], [], 0, 0);

    /// <summary>Each building counted in <see cref="BuildingsFlooded"/>: whom to evacuate.</summary>
    public IReadOnlyList<FloodedBuilding> Buildings { get; init; } = [];

    public int Count(string type) => Sites.Count(s => s.Type == type);

    /// <param name="arrival">Per cell, when the depth first passed the closure depth (the run's arrival depth); NaN: never.</param>
    internal static FloodConsequences Of(FloodGround ground, FloodResult result, TwinCity? city, double closureDepth, double floodedDepth, double floorAreaPerResident)
    {
        if (city is null || ground.Plane is null) return None;
        var roads = new List<FloodedRoad>();
        foreach (var road in city.Roads)
        {
            double closes = double.PositiveInfinity, deepest = 0;
            foreach (int cell in LineCells(ground, road.Line.Select(ground.ToPlane).ToList()))
            {
                deepest = Math.Max(deepest, result.MaxDepth[cell]);
                if (result.MaxDepth[cell] > closureDepth && !float.IsNaN(result.ArrivalSeconds[cell])) closes = Math.Min(closes, result.ArrivalSeconds[cell]);
            }
            // Judged on the depth as reported (to the millimetre), so no road reads exactly the closure depth and closed.
            deepest = Math.Round(deepest, 3);
            if (deepest > closureDepth) roads.Add(new FloodedRoad(road.Id, road.Name, double.IsInfinity(closes) ? 0 : closes, deepest));
        }
        var sites = new List<FloodedSite>();
        var flooded = new List<FloodedBuilding>();
        foreach (var building in city.Buildings)
        {
            var (depth, arrival) = Around(ground, result, building.Footprint ?? [building.Location]);
            if (Math.Round(depth, 3) <= floodedDepth) continue;
            double residents = building.Usage == Simulation.Epidemic.CityPopulation.Residential ? building.FloorArea / floorAreaPerResident : 0;
            flooded.Add(new FloodedBuilding(building.Id, building.Usage, Math.Round(residents, 1), Math.Round(depth, 3), arrival, building.Location.Longitude, building.Location.Latitude));
        }
        foreach (var hospital in city.Hospitals) Add(hospital.Id, hospital.Name, EntityTypes.Hospital, hospital.Location);
        foreach (var site in city.Sites) Add(site.Id, site.Name, site.Type, site.Location);
        return new FloodConsequences(roads.OrderBy(r => r.ClosesAtSeconds).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(), sites, flooded.Count, Math.Round(flooded.Sum(b => b.People)))
        {
            Buildings = flooded,
        };

        void Add(string id, string name, string type, Position at)
        {
            var (depth, arrival) = Around(ground, result, [at]);
            if (Math.Round(depth, 3) > floodedDepth) sites.Add(new FloodedSite(id, name, type, Math.Round(depth, 3), arrival));
        }
    }

    /// <summary>The deepest water and the earliest arrival in the open cells over the positions' bounds grown by one cell.</summary>
    private static (double Depth, double? Arrival) Around(FloodGround ground, FloodResult result, IReadOnlyList<Position> positions)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        foreach (var p in positions)
        {
            var (x, y) = ground.ToPlane(p);
            if (!ground.TryCell(x, y, out int cx, out int cy)) continue;
            (minX, minY, maxX, maxY) = (Math.Min(minX, cx), Math.Min(minY, cy), Math.Max(maxX, cx), Math.Max(maxY, cy));
        }
        if (minX > maxX) return (0, null);
        var grid = ground.Grid;
        double depth = 0, arrival = double.PositiveInfinity;
        for (int y = Math.Max(0, minY - 1); y <= Math.Min(grid.Height - 1, maxY + 1); y++)
            for (int x = Math.Max(0, minX - 1); x <= Math.Min(grid.Width - 1, maxX + 1); x++)
            {
                int cell = grid.Index(x, y);
                if (grid.IsBlocked(cell)) continue;
                depth = Math.Max(depth, result.MaxDepth[cell]);
                if (!float.IsNaN(result.ArrivalSeconds[cell])) arrival = Math.Min(arrival, result.ArrivalSeconds[cell]);
            }
        return (depth, double.IsInfinity(arrival) ? null : arrival);
    }

    /// <summary>The open cells a polyline on the plane crosses, sampled every quarter cell (each cell once).</summary>
    internal static IEnumerable<int> LineCells(FloodGround ground, IReadOnlyList<(double X, double Y)> line)
    {
        var seen = new HashSet<int>();
        double step = ground.Grid.CellSize / 4;
        for (int k = 0; k + 1 < line.Count; k++)
        {
            var (a, b) = (line[k], line[k + 1]);
            int samples = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / step));
            for (int s = 0; s <= samples; s++)
            {
                double t = (double)s / samples;
                if (!ground.TryCell(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y), out int x, out int y)) continue;
                int cell = ground.Grid.Index(x, y);
                if (!ground.Grid.IsBlocked(cell) && seen.Add(cell)) yield return cell;
            }
        }
    }
}
