using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>Demand for the hand-built networks.</summary>
internal static class TestDemand
{
    /// <summary>A passenger car that drives exactly: no dawdling, no spread of desired speed.</summary>
    public static readonly VehicleType ExactCar = new("exact") { Sigma = 0, SpeedDev = 0 };

    public static TrafficDemand Exact(params Trip[] trips) => new([ExactCar], trips);

    public static int[] Route(TrafficNetwork network, params string[] edges) => edges.Select(e => network.EdgeIndex[e]).ToArray();

    /// <summary>
    /// <paramref name="count"/> trips on random walks of 6–15 edges (no U-turns) from random edges, departing
    /// uniformly over <paramref name="spread"/> seconds, SUMO's default car (σ = 0.5, speed deviation 0.1).
    /// </summary>
    public static TrafficDemand RandomWalks(TrafficNetwork network, int count, double spread, int seed)
    {
        var random = new Random(seed);
        var onward = new List<int>[network.Edges.Count];
        for (int e = 0; e < onward.Length; e++) onward[e] = [];
        foreach (var c in network.Connections)
        {
            int from = network.Lanes[c.FromLane].Edge, to = network.Lanes[c.ToLane].Edge;
            if (!onward[from].Contains(to)) onward[from].Add(to);
        }
        var trips = new List<Trip>(count);
        for (int t = 0; t < count; t++)
        {
            var route = new List<int> { random.Next(network.Edges.Count) };
            int length = random.Next(6, 16);
            while (route.Count < length && onward[route[^1]].Count > 0)
                route.Add(onward[route[^1]][random.Next(onward[route[^1]].Count)]);
            trips.Add(new Trip($"t{t}", 0, Math.Round(random.NextDouble() * spread, 1), route));
        }
        return new TrafficDemand([VehicleType.DefaultCar], trips.OrderBy(t => t.Depart).ToList());
    }
}
