using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Twin.Client.Traffic;

namespace CityMesh.Transport.Network;

/// <summary>
/// One consistent picture of the city's roads as the transport service sees it: the network (for routing and
/// simulation), the entities it was built from, and each road's latest detector reading. Immutable: the view
/// (<see cref="TransportView"/>) swaps in a new one when the twin changes, so a route or a retiming works on one moment.
/// </summary>
/// <param name="Roads">The network with the twin's local ids: edges <c>road_1_0_1</c>, junctions <c>intersection_1_1</c>.</param>
/// <param name="Entities">The twin's entities it was built from (NGSI-LD normalized), for a simulation's roadnet.</param>
/// <param name="Readings">The latest reading by road (local id); roads without a detector or a reading are absent.</param>
/// <param name="SignalByJunction">TrafficSignal entity id by junction (local id).</param>
public sealed record TransportNetwork(
    string City,
    TrafficNetwork Roads,
    TwinEntities Entities,
    IReadOnlyDictionary<string, RoadReading> Readings,
    IReadOnlyDictionary<string, string> SignalByJunction)
{
    public string RoadEntityId(string localId) => EntityIds.Create(EntityTypes.RoadSegment, City, localId);

    public string IntersectionEntityId(string localId) => EntityIds.Create(EntityTypes.Intersection, City, localId);

    /// <summary>The local id of one of this city's entity ids, or null when the id is not one of this city's.</summary>
    public string? LocalId(string entityId, string type)
    {
        var prefix = EntityIds.Create(type, City, "");
        return entityId.StartsWith(prefix, StringComparison.Ordinal) && entityId.Length > prefix.Length ? entityId[prefix.Length..] : null;
    }
}

/// <summary>A road's detector reading: flow (vehicles/h), space-mean speed (km/h) and occupancy (0..1).</summary>
public sealed record RoadReading(string Detector, double? FlowPerHour, double? SpeedKmh, double? Occupancy, DateTimeOffset? At);
