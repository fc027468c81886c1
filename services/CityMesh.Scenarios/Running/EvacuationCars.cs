using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Evacuation;
using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Scenarios.Running;

/// <summary>A car of the evacuation: the building it leaves, the shelter it drives to, how many it carries and when it leaves.</summary>
internal sealed record EvacuationCar(int Building, int Shelter, int People, double Depart);

/// <summary>
/// The cars of one run, planned before anyone moves: each zone building's car share (people over people per car,
/// rounded up) leaves at its stage's start plus a delay from the response curve, from the road nearest the
/// building to the road nearest a shelter: of those it may use, the quickest to drive to that still has room for
/// the cars sent before (in order of departure; drivers do not know how many will walk there), else the quickest.
/// Its people take the shelter's places when the car arrives, first come first served with the walkers. The flood's closures apply at their times to the
/// route a car is given when it leaves: a road closed by then is not on it, and a car whose start or shelter is cut
/// off, or that has no way left, does not leave: its people walk. The traffic simulator cannot close a road under a
/// car already on it, so a road that closes after a car has set off is still open to that car.
/// </summary>
internal sealed class EvacuationCars
{
    private readonly EvacuationVariant _variant;
    private readonly EvacuationSetting _setting;
    private readonly TrafficNetwork _network;
    private readonly int[] _buildingEdge, _shelterEdge;
    private readonly (double Seconds, int Edge)[] _closures;
    private readonly Dictionary<int, (ShortestPaths Paths, int[] ToFull, int[] FromFull)> _epochs = [];

    private EvacuationCars(EvacuationSetting setting, EvacuationVariant variant, TrafficNetwork network)
    {
        _setting = setting;
        _variant = variant;
        _network = network;
        var roads = setting.City.Roads.Select(r => (r.Line, Edge: setting.City.Edge(network, r.Id))).Where(r => r.Edge >= 0).ToList();
        if (roads.Count == 0) throw new ScenarioInputException("spec.evacuation.cars", "no road of the city is in the road network cars drive.");
        _buildingEdge = setting.Zone.Select(b => Nearest(roads, b.X, b.Y)).ToArray();
        _shelterEdge = variant.Shelters.Select(s => Nearest(roads, s.X, s.Y)).ToArray();
        _closures = setting.Closures.Select(c => (c.Seconds, Edge: setting.City.Edge(network, c.Road))).Where(c => c.Edge >= 0)
            .OrderBy(c => c.Seconds).ThenBy(c => c.Edge).ToArray();
    }

    /// <summary>The cars, the people left to walk in each building, the trips, and the car people who walk instead (no way to drive).</summary>
    public static (IReadOnlyList<EvacuationCar> Cars, int[] Walkers, TrafficDemand Demand, int Stayed) Plan(
        EvacuationSetting setting, EvacuationVariant variant, CarsSpec cars, ResponseCurve response, ulong seed)
    {
        var walkers = setting.Zone.Select(b => b.People).ToArray();
        var reserved = new int[variant.Shelters.Count];
        if (cars.Share <= 0 || variant.Network is null) return ([], walkers, new TrafficDemand([VehicleType.DefaultCar], []), 0);
        var planner = new EvacuationCars(setting, variant, variant.Network);
        var wanted = new List<(int Building, int People, double Depart)>();
        for (int b = 0; b < setting.Zone.Count; b++)
        {
            int driving = (int)Math.Round(setting.Zone[b].People * cars.Share);
            int count = (int)Math.Ceiling(driving / cars.PeoplePerCar);
            for (int k = 0; k < count; k++)
            {
                // Split the building's drivers over its cars as evenly as whole people go.
                int people = driving * (k + 1) / count - driving * k / count;
                wanted.Add((b, people, variant.Start[b] + response.DelayFor(seed, wanted.Count, purpose: 1)));
            }
        }
        var planned = new List<EvacuationCar>();
        var trips = new List<Trip>();
        int stayed = 0;
        foreach (var (b, people, depart) in wanted.OrderBy(w => w.Depart).ThenBy(w => w.Building))
        {
            var route = planner.Route(b, people, depart, reserved, out int shelter);
            if (route is null)
            {
                stayed += people;
                continue;
            }
            walkers[b] -= people;
            reserved[shelter] += people;
            trips.Add(new Trip($"car{planned.Count}", 0, depart, route));
            planned.Add(new EvacuationCar(b, shelter, people, depart));
        }
        return (planned, walkers, new TrafficDemand([VehicleType.DefaultCar], trips), stayed);
    }

    /// <summary>Each car's arrival, s after the warning (NaN: not by the end), from a run of the traffic simulator.</summary>
    public static (double[] Arrivals, TrafficResults Results) Drive(TrafficNetwork network, TrafficDemand demand, double seconds, ulong seed, Compute.ComputeSelection compute)
    {
        var simulation = TrafficBackends.CreateSimulation(network, demand, new TrafficSimulationOptions { Seed = seed, EndTime = seconds }, compute);
        var results = simulation.Run();
        var byId = results.Trips.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var arrivals = demand.Trips.Select(t => byId.TryGetValue(t.Id, out var r) && r.Status == TripStatus.Arrived ? r.Arrival : double.NaN).ToArray();
        return (arrivals, results);
    }

    /// <summary>The route of a car leaving building <paramref name="b"/> at <paramref name="depart"/> on the roads open then; null: it cannot leave.</summary>
    private int[]? Route(int b, int people, double depart, int[] reserved, out int shelter)
    {
        shelter = -1;
        int open = 0;
        while (open < _closures.Length && _closures[open].Seconds <= depart) open++;
        var (paths, toFull, fromFull) = Epoch(open);
        int from = fromFull[_buildingEdge[b]];
        if (from < 0) return null;
        var candidates = _variant.AllowedShelters[b] ?? Enumerable.Range(0, _variant.Shelters.Count).ToArray();
        double best = double.PositiveInfinity, bestWithRoom = double.PositiveInfinity;
        int quickest = -1, withRoom = -1;
        foreach (int s in candidates)
        {
            int to = fromFull[_shelterEdge[s]];
            if (to < 0 || paths.Time(from, to) is not { } time) continue;
            if (time < best) (best, quickest) = (time, s);
            if (reserved[s] + people <= _variant.Shelters[s].Capacity && time < bestWithRoom) (bestWithRoom, withRoom) = (time, s);
        }
        shelter = withRoom >= 0 ? withRoom : quickest;
        if (shelter < 0) return null;
        var route = paths.Find(from, fromFull[_shelterEdge[shelter]]);
        return route?.Select(e => toFull[e]).ToArray();
    }

    /// <summary>The network with the first <paramref name="open"/> closures applied: its router, and edge numbers both ways.</summary>
    private (ShortestPaths Paths, int[] ToFull, int[] FromFull) Epoch(int open)
    {
        if (_epochs.TryGetValue(open, out var epoch)) return epoch;
        var network = open == 0 ? _network
            : RoadClosures.Apply(_network, new TrafficDemand([VehicleType.DefaultCar], []), _closures.Take(open).Select(c => c.Edge).Distinct().Select(e => new LaneClosure(e)).ToArray()).Network;
        var toFull = network.Edges.Select(e => _network.EdgeIndex[e.Id]).ToArray();
        var fromFull = Enumerable.Repeat(-1, _network.Edges.Count).ToArray();
        for (int e = 0; e < toFull.Length; e++) fromFull[toFull[e]] = e;
        return _epochs[open] = (new ShortestPaths(network), toFull, fromFull);
    }

    /// <summary>The edge of the road whose line passes nearest (x, y).</summary>
    private static int Nearest(IReadOnlyList<(IReadOnlyList<(double X, double Y)> Line, int Edge)> roads, double x, double y)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        foreach (var (line, edge) in roads)
            for (int k = 0; k + 1 < line.Count; k++)
            {
                double d = SegmentDistance(line[k], line[k + 1], x, y);
                if (d < bestDistance) (best, bestDistance) = (edge, d);
            }
        return best;
    }

    /// <summary>The squared distance from (x, y) to the segment a–b.</summary>
    internal static double SegmentDistance((double X, double Y) a, (double X, double Y) b, double x, double y)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y, length = dx * dx + dy * dy;
        double t = length == 0 ? 0 : Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / length, 0, 1);
        double px = a.X + t * dx - x, py = a.Y + t * dy - y;
        return px * px + py * py;
    }
}
