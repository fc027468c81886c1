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
        ulong seed, ObservedFlowDemandOptions? options = null) =>
        throw new NotImplementedException("being built");
}
