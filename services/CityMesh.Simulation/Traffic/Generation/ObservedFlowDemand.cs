using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Generation;

/// <summary>How <see cref="ObservedFlowDemand"/> turns detector flows into trips.</summary>
public sealed record ObservedFlowDemandOptions
{
    /// <summary>A route never has more edges than this; a walk that reaches it ends where it is.</summary>
    public int MaxRouteEdges { get; init; } = 64;

    /// <summary>Turning weight (veh/h) of an onward road that has no observation, so unobserved roads still get some traffic.</summary>
    public double UnobservedTurnFlow { get; init; } = 1;

    /// <summary>Vehicles per hour per lane entering at a boundary road with no observation; 0: such roads send nobody.</summary>
    public double UnobservedEntryFlowPerLane { get; init; }
}

/// <param name="EntryRoads">Roads where vehicles enter the network (they start at a dead end).</param>
/// <param name="UnobservedEntries">Entry roads without an observed flow, by id.</param>
/// <param name="VehiclesPerHour">The total entry rate the trips were drawn from.</param>
public sealed record ObservedDemand(TrafficDemand Demand, int EntryRoads, IReadOnlyList<string> UnobservedEntries, double VehiclesPerHour);

/// <summary>
/// Demand from what detectors observe, the way a junction-turning-ratio router works: vehicles enter at each
/// boundary road as a Poisson process at the road's observed flow, and at every junction pick an onward road with
/// probability proportional to that road's observed flow, until they reach a road that ends at the boundary.
/// Deterministic for a seed.
/// </summary>
public static class ObservedFlowDemand
{
    /// <param name="flowByEdge">Observed flow in vehicles per hour, by edge id; roads not in it are unobserved.</param>
    /// <param name="horizonSeconds">Departures are drawn over [0, horizon).</param>
    public static ObservedDemand Generate(TrafficNetwork network, IReadOnlyDictionary<string, double> flowByEdge, double horizonSeconds,
        ulong seed, ObservedFlowDemandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(flowByEdge);
        options ??= new ObservedFlowDemandOptions();
        Validate(options);
        if (!double.IsFinite(horizonSeconds) || horizonSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizonSeconds), horizonSeconds, $"horizonSeconds is {horizonSeconds}; it must be positive and finite.");
        var observed = ObservedFlows(network, flowByEdge);

        var entries = EntryRoads(network);
        var rates = new double[entries.Length];
        var unobserved = new List<string>();
        for (var i = 0; i < entries.Length; i++)
        {
            var edge = network.Edges[entries[i]];
            if (observed[entries[i]] is double flow) rates[i] = flow;
            else
            {
                rates[i] = options.UnobservedEntryFlowPerLane * edge.Lanes.Count;
                unobserved.Add(edge.Id);
            }
        }
        unobserved.Sort(StringComparer.Ordinal);

        var departures = Departures(entries, rates, horizonSeconds, seed);
        var weights = new double[network.Edges.Count];
        for (var e = 0; e < weights.Length; e++) weights[e] = observed[e] ?? options.UnobservedTurnFlow;
        var walk = new TurningWalk(network, weights, options.MaxRouteEdges, seed);
        var trips = new Trip[departures.Count];
        for (var k = 0; k < trips.Length; k++)
        {
            var d = departures[k];
            trips[k] = new Trip($"flow_{network.Edges[d.Edge].Id}_{d.Draw}", 0, d.Time, walk.Route(d.Edge, d.Draw));
        }
        return new ObservedDemand(new TrafficDemand([VehicleType.DefaultCar], trips), entries.Length, unobserved, rates.Sum());
    }

    /// <summary>One departure: the <see cref="Draw"/>-th vehicle of the entry road <see cref="Edge"/>.</summary>
    private readonly record struct Departure(double Time, int Edge, int Draw);

    private static void Validate(ObservedFlowDemandOptions options)
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be {rule}.");
        }
        Require(options.MaxRouteEdges >= 1, nameof(options.MaxRouteEdges), options.MaxRouteEdges, "at least 1");
        Require(double.IsFinite(options.UnobservedTurnFlow) && options.UnobservedTurnFlow >= 0,
            nameof(options.UnobservedTurnFlow), options.UnobservedTurnFlow, "finite and zero or more veh/h");
        Require(double.IsFinite(options.UnobservedEntryFlowPerLane) && options.UnobservedEntryFlowPerLane >= 0,
            nameof(options.UnobservedEntryFlowPerLane), options.UnobservedEntryFlowPerLane, "finite and zero or more veh/h per lane");
    }

    /// <summary>The observed flow by edge index, null where there is none.</summary>
    private static double?[] ObservedFlows(TrafficNetwork network, IReadOnlyDictionary<string, double> flowByEdge)
    {
        var observed = new double?[network.Edges.Count];
        foreach (var (id, flow) in flowByEdge)
        {
            if (!network.EdgeIndex.TryGetValue(id, out var edge))
                throw new ArgumentException($"flowByEdge names '{id}', which is not an edge of the network.", nameof(flowByEdge));
            if (!double.IsFinite(flow) || flow < 0)
                throw new ArgumentException($"The observed flow of edge '{id}' is {flow} veh/h; it must be finite and zero or more.", nameof(flowByEdge));
            observed[edge] = flow;
        }
        return observed;
    }

    /// <summary>Edges leaving the boundary: from a dead end, or from a junction nothing drives into. In edge order.</summary>
    private static int[] EntryRoads(TrafficNetwork network)
    {
        var reached = new bool[network.Junctions.Count];
        foreach (var edge in network.Edges) reached[edge.To] = true;
        var entries = new List<int>();
        for (var e = 0; e < network.Edges.Count; e++)
        {
            var from = network.Edges[e].From;
            if (network.Junctions[from].Kind == JunctionKind.DeadEnd || !reached[from]) entries.Add(e);
        }
        return [.. entries];
    }

    /// <summary>
    /// A Poisson process per entry road: exponential gaps, the n-th drawn from (seed, entry edge, n) alone, so an entry's
    /// departures do not depend on the other entries or on the order anything is enumerated in. Sorted by time, then
    /// entry, then draw.
    /// </summary>
    private static List<Departure> Departures(int[] entries, double[] rates, double horizonSeconds, ulong seed)
    {
        var departures = new List<Departure>();
        for (var i = 0; i < entries.Length; i++)
        {
            if (rates[i] <= 0) continue;
            var meanGap = 3600 / rates[i];
            var time = 0.0;
            for (var n = 0; ; n++)
            {
                // Uniform is in [0, 1), so 1 - u is never 0 and the logarithm stays finite.
                time -= meanGap * Math.Log(1.0 - CounterRandom.Uniform(seed, entries[i], n, CounterRandom.ObservedDemandStream));
                if (time >= horizonSeconds) break;
                departures.Add(new Departure(time, entries[i], n));
            }
        }
        // Entries are in edge order, so comparing edges compares entries.
        departures.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Edge != b.Edge ? a.Edge.CompareTo(b.Edge) : a.Draw.CompareTo(b.Draw));
        return departures;
    }
}
