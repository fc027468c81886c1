using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// A town for an evacuation without a twin, in the twin's own shape so the run is the same code either way: a grid of
/// two-lane streets (the traffic generator's, signalised where three or four roads meet) centred on Jinan's Quancheng
/// Square, residential blocks of 24 × 16 m footprints, three a side of every block's street front 25 m back from the
/// centre line, 4 to 20 floors drawn from the seed, and shelters at the block centres farthest from each other.
/// </summary>
internal static class SyntheticTown
{
    public const string City = "town";
    private const double AnchorLatitude = 36.6612, AnchorLongitude = 117.0201, Setback = 25, Frontage = 24, Depth = 16, StoreyArea = Frontage * Depth;

    public static (TwinCity City, TrafficNetwork Network, string Description) Build(SyntheticTownSpec town)
    {
        var network = GridNetworkGenerator.Build(town.Blocks + 1, town.BlockMetres, lanes: 2);
        double half = town.Blocks * town.BlockMetres / 2;
        var plane = new LocalTangentPlane(AnchorLatitude, AnchorLongitude);
        Position At(double x, double y) => plane.ToWgs84(x - half, y - half);
        var roads = network.Edges.Select(e =>
        {
            var (a, b) = (network.Junctions[e.From].Position, network.Junctions[e.To].Position);
            return new TwinRoad($"urn:ngsi-ld:RoadSegment:{City}:{e.Id}", e.Id, [At(a.X, a.Y), At(b.X, b.Y)]);
        }).ToList();

        var random = SeededRandom.For((int)(town.Seed % int.MaxValue), "synthetic-town-homes");
        var buildings = new List<TwinBuilding>();
        foreach (var e in network.Edges.Where(e => e.From < e.To))
        {
            var (a, b) = (network.Junctions[e.From].Position, network.Junctions[e.To].Position);
            double length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
            double ux = (b.X - a.X) / length, uy = (b.Y - a.Y) / length;
            foreach (int side in new[] { 1, -1 })
                for (int k = 0; k < 3; k++)
                {
                    double along = length * (k + 0.5) / 3;
                    double cx = a.X + ux * along - uy * side * Setback, cy = a.Y + uy * along + ux * side * Setback;
                    Position Corner(double f, double d) => At(cx + ux * f - uy * side * d, cy + uy * f + ux * side * d);
                    var footprint = new[] { Corner(-Frontage / 2, -Depth / 2), Corner(Frontage / 2, -Depth / 2), Corner(Frontage / 2, Depth / 2), Corner(-Frontage / 2, Depth / 2), Corner(-Frontage / 2, -Depth / 2) };
                    int floors = random.Next(4, 21);
                    buildings.Add(new TwinBuilding($"urn:ngsi-ld:Building:{City}:{e.Id}-{(side > 0 ? "l" : "r")}{k}", At(cx, cy), Simulation.Epidemic.CityPopulation.Residential,
                        floors * StoreyArea, footprint));
                }
        }

        var centres = new List<(double X, double Y)>();
        for (int i = 0; i < town.Blocks; i++)
            for (int j = 0; j < town.Blocks; j++) centres.Add(((i + 0.5) * town.BlockMetres, (j + 0.5) * town.BlockMetres));
        var chosen = new List<(double X, double Y)> { centres[0] };
        while (chosen.Count < Math.Min(town.Shelters, centres.Count))
            chosen.Add(centres.MaxBy(c => chosen.Min(s => (s.X - c.X) * (s.X - c.X) + (s.Y - c.Y) * (s.Y - c.Y))));
        var shelters = chosen.Select((c, k) => new TwinSite($"urn:ngsi-ld:Shelter:{City}:sh{k + 1}", $"Shelter {k + 1}", EntityTypes.Shelter, At(c.X, c.Y), town.ShelterCapacity)).ToList();

        var city = new TwinCity(new Uri("urn:citymesh:synthetic-town"), City, buildings, []) { Roads = roads, Sites = shelters };
        return (city, network, $"a synthetic town of {town.Blocks} × {town.Blocks} blocks of {town.BlockMetres:0} m (seed {town.Seed}): {buildings.Count} homes, {shelters.Count} shelters of {town.ShelterCapacity:N0} places, {network.Edges.Count} roads");
    }
}
