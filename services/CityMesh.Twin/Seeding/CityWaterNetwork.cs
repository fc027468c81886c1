using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Synthetic;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// The seeded city's water network, laid under its streets: a junction at every intersection a street reaches, the
/// street's water main as the pipe between its two ends (ductile iron, Hazen–Williams C 130), a clearwell reservoir at
/// the treatment works 800 m west of the city feeding a trunk main to the nearest edge junction, and a water tower by
/// the centre; pieces of a street network that its roads leave apart are joined by link mains. Every building draws a base demand by its floor area and use (L/m² a day) at the junction nearest it,
/// on a residential day's pattern. The ground is taken as level (the seeding has no terrain): the reservoir's 60 m and
/// the tower's 46–54 m are the pressures the city sees, less friction.
/// <para>
/// Sized as a designer would: the trunk main for the peak hour at 1.5 m/s, then the street mains from their drawn
/// sizes up, one standard size at a time, wherever the peak hour drives water faster than 1.5 m/s, until none does
/// (or a main reaches 1.2 m).
/// </para>
/// </summary>
internal static class CityWaterNetwork
{
    public const string Id = "city";
    public const string TowerId = "tower";
    public const string ReservoirId = "works";

    /// <summary>Litres a day per m² of floor by use: homes about 150 L a person at 30 m² a person; hospitals more.</summary>
    public static double DailyLitresPerSquareMetre(string usage) => usage switch
    {
        "residential" => 5,
        "hospital" => 10,
        "industrial" => 6,
        "school" => 3,
        _ => 4,
    };

    /// <summary>Standard sizes mains are laid in, m.</summary>
    public static readonly double[] Sizes = [0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2];

    /// <summary>The design velocity at the peak hour, m/s.</summary>
    public const double DesignVelocity = 1.5;

    /// <param name="mains">Each street's main: its pipe id and drawn diameter (m), in the order of <paramref name="streets"/>.</param>
    /// <param name="buildings">Where each building stands and what it draws, L/m² a day × floor area.</param>
    public static WaterNetwork Build(
        CityFlowRoadNetwork roads, IReadOnlyList<Street> streets, IReadOnlyList<(string PipeId, double Diameter)> mains,
        IReadOnlyList<(PlanePoint At, double LitresPerDay)> buildings, string name)
    {
        var used = streets.SelectMany(s => new[] { s.StartIntersection, s.EndIntersection }).ToHashSet(StringComparer.Ordinal);
        var nodes = roads.Intersections.Where(i => used.Contains(i.Id)).ToList();
        var demand = nodes.ToDictionary(n => n.Id, _ => 0.0, StringComparer.Ordinal);
        foreach (var (at, litres) in buildings)
        {
            var nearest = nodes.MinBy(n => new PlanePoint(n.Point.X, n.Point.Y).DistanceTo(at))!;
            demand[nearest.Id] += litres / 1000 / 86400;
        }
        var coordinates = nodes.ToDictionary(n => n.Id, n => (n.Point.X, n.Point.Y), StringComparer.Ordinal);
        var junctions = nodes.Select(n => new WaterJunction(n.Id, 0, [new WaterDemand(demand[n.Id], "diurnal")])).ToList();
        var pipes = streets.Select((s, i) => new WaterPipe(mains[i].PipeId, s.StartIntersection, s.EndIntersection, Math.Max(1, s.Length), mains[i].Diameter, 130)).ToList();

        ConnectComponents(nodes, pipes);

        double minX = nodes.Min(n => n.Point.X), centreY = nodes.Average(n => n.Point.Y);
        double centreX = nodes.Average(n => n.Point.X);
        var edge = nodes.MinBy(n => Math.Pow(n.Point.X - minX, 2) + Math.Pow(n.Point.Y - centreY, 2))!;
        coordinates[ReservoirId] = (minX - 800, centreY);
        var trunkLength = Math.Sqrt(Math.Pow(edge.Point.X - (minX - 800), 2) + Math.Pow(edge.Point.Y - centreY, 2));
        // The trunk carries the whole city at the peak hour.
        double peak = GridWaterNetwork.Diurnal.Max() * demand.Values.Sum();
        double trunk = Sizes.FirstOrDefault(d => Math.PI * d * d / 4 * DesignVelocity >= peak, Sizes[^1]);
        pipes.Add(new WaterPipe("trunk", ReservoirId, edge.Id, trunkLength, trunk, 130));
        var centre = nodes.Where(n => !n.Virtual).DefaultIfEmpty(nodes[0]).MinBy(n => Math.Pow(n.Point.X - centreX, 2) + Math.Pow(n.Point.Y - centreY, 2))!;
        coordinates[TowerId] = (centre.Point.X + 30, centre.Point.Y + 30);
        pipes.Add(new WaterPipe("towerMain", TowerId, centre.Id, 45, 0.4, 130));

        var network = new WaterNetwork
        {
            Title = $"{name} water network (generated under the streets)",
            Junctions = junctions,
            Reservoirs = [new WaterReservoir(ReservoirId, 60)],
            Tanks = [new WaterTank(TowerId, 45, 5, 1, 9, 20)],
            Pipes = pipes,
            Patterns = new Dictionary<string, WaterPattern> { ["diurnal"] = new("diurnal", GridWaterNetwork.Diurnal) },
            Options = new WaterOptions { Units = FlowUnits.Lps, MaxTrials = 100 },
            Times = new WaterTimes { Duration = 24 * 3600 },
            Coordinates = coordinates,
        };
        return Sized(network);
    }

    /// <summary>
    /// Road data may come in pieces (an extract's streets cut at its edge): each piece the streets leave apart is joined to
    /// the rest by a 300 mm link main between its nearest junctions, the way a utility's mains run where no mapped road
    /// does, so every junction is served.
    /// </summary>
    private static void ConnectComponents(List<CityFlowIntersection> nodes, List<WaterPipe> pipes)
    {
        var index = nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var parent = Enumerable.Range(0, nodes.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        foreach (var p in pipes) parent[Find(index[p.From])] = Find(index[p.To]);
        var joined = new HashSet<int> { Find(0) };
        int links = 0;
        while (true)
        {
            var inside = Enumerable.Range(0, nodes.Count).Where(i => joined.Contains(Find(i))).ToList();
            var outside = Enumerable.Range(0, nodes.Count).Where(i => !joined.Contains(Find(i))).ToList();
            if (outside.Count == 0) return;
            var (a, b) = inside.SelectMany(i => outside.Select(o => (i, o)))
                .MinBy(pair => Distance(nodes[pair.i], nodes[pair.o]));
            pipes.Add(new WaterPipe($"link{++links}", nodes[a].Id, nodes[b].Id, Math.Max(1, Distance(nodes[a], nodes[b])), 0.3, 130));
            joined.Add(Find(b));
        }
    }

    private static double Distance(CityFlowIntersection a, CityFlowIntersection b) =>
        Math.Sqrt(Math.Pow(a.Point.X - b.Point.X, 2) + Math.Pow(a.Point.Y - b.Point.Y, 2));

    /// <summary>Upsizes the street mains the peak hour drives faster than the design velocity, a size at a time, until none is.</summary>
    private static WaterNetwork Sized(WaterNetwork network)
    {
        long peakHour = Array.IndexOf(GridWaterNetwork.Diurnal, GridWaterNetwork.Diurnal.Max()) * 3600L;
        for (int round = 0; round < Sizes.Length; round++)
        {
            var step = new Simulation.Water.Hydraulics.HydraulicSimulation(network).Snapshot(peakHour);
            bool changed = false;
            var pipes = network.Pipes.Select((p, k) =>
            {
                double velocity = Math.Abs(step.Flow[k]) / (Math.PI * p.Diameter * p.Diameter / 4);
                if (velocity <= DesignVelocity || p.Diameter >= Sizes[^1]) return p;
                changed = true;
                return p with { Diameter = Sizes.First(d => d > p.Diameter + 1e-9) };
            }).ToList();
            if (!changed) break;
            network = network with { Pipes = pipes };
        }
        return network;
    }
}
