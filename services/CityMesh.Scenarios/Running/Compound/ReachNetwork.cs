using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Epidemic;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Scenarios.Running.Compound;

/// <summary>An ambulance station of the twin and the edges of the street it stands on.</summary>
public sealed record ReachStation(string Id, string Name, IReadOnlyList<int> Edges);

/// <summary>
/// The city as ambulance reach sees it, from the twin: the road network's edges (the twin's road network, the one
/// the evacuation's cars drive), its ambulance stations and its residential buildings, each put on the street whose
/// centre line passes nearest (both of its directed roads, which share the line), and each twin road's edges, which
/// the flood closes.
/// </summary>
public sealed record ReachNetwork(EdgeGraph Graph, IReadOnlyList<ReachStation> Stations, IReadOnlyList<ReachHome> Homes,
    IReadOnlyDictionary<string, int> EdgeOfRoad)
{
    private const string Field = "spec.compound.ambulance";

    /// <summary>Roads whose line passes within this of the nearest one's are the same street (its other direction).</summary>
    private const double SameStreetMetres = 1;

    internal static ReachNetwork Of(EvacuationCity city, AmbulanceReachSpec spec)
    {
        var network = city.Network ?? throw new ScenarioInputException(Field, "needs the twin's road network, which was not read with the city.");
        var edgeOfRoad = new Dictionary<string, int>(StringComparer.Ordinal);
        var streets = new List<(IReadOnlyList<(double X, double Y)> Line, int Edge)>();
        foreach (var (id, line) in city.Roads)
        {
            int edge = city.Edge(network, id);
            if (edge < 0) continue;
            edgeOfRoad[id] = edge;
            streets.Add((line, edge));
        }
        if (streets.Count == 0) throw new ScenarioInputException(Field, "no road of the twin is an edge of its road network: nowhere to drive.");
        var stations = city.City.Sites.Where(s => s.Type == EntityTypes.AmbulanceStation)
            .Select(s => { var (x, y) = city.ToPlane(s.Location); return new ReachStation(s.Id, s.Name, Frontage(streets, x, y)); }).ToList();
        if (stations.Count == 0) throw new ScenarioInputException(Field, $"the twin of {city.City.City} holds no ambulance station with a location: no one to send.");
        var homes = new List<ReachHome>();
        foreach (var b in city.City.Buildings)
        {
            var (x, y) = city.ToPlane(b.Location);
            int people = CityPopulation.Residents(new CityBuilding(x, y, b.Usage, b.FloorArea), spec.FloorAreaPerResident);
            if (people > 0) homes.Add(new ReachHome(b.Id, people, Frontage(streets, x, y)));
        }
        return new ReachNetwork(new EdgeGraph(network), stations, homes, edgeOfRoad);
    }

    /// <summary>The edges of the street nearest (x, y): every road whose line passes within <see cref="SameStreetMetres"/> of the nearest.</summary>
    private static int[] Frontage(IReadOnlyList<(IReadOnlyList<(double X, double Y)> Line, int Edge)> streets, double x, double y)
    {
        var distance = streets.Select(s => Math.Sqrt(Enumerable.Range(0, Math.Max(0, s.Line.Count - 1))
            .Select(k => EvacuationCars.SegmentDistance(s.Line[k], s.Line[k + 1], x, y)).DefaultIfEmpty(double.PositiveInfinity).Min())).ToArray();
        double nearest = distance.Min();
        return [.. streets.Select((s, i) => (s.Edge, i)).Where(p => distance[p.i] <= nearest + SameStreetMetres).Select(p => p.Edge).Distinct()];
    }

    /// <summary>Residents within the standard with the given roads (twin ids) closed and stations out.</summary>
    public ReachFigures Reach(AmbulanceReachSpec spec, IEnumerable<string> closedRoads, IReadOnlySet<string> stationsOut)
    {
        var closed = closedRoads.Where(EdgeOfRoad.ContainsKey).Select(r => EdgeOfRoad[r]).ToHashSet();
        var open = Stations.Where(s => !stationsOut.Contains(s.Id)).SelectMany(s => s.Edges).Distinct().ToList();
        return AmbulanceReach.Of(Graph, open, Homes, closed, spec.SpeedFactor, 60 * spec.Minutes);
    }
}
