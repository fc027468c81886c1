using System.Text.Json;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;

namespace CityMesh.Transport.Network;

/// <summary>Builds a <see cref="TransportNetwork"/> from the twin's entities, and updates its readings.</summary>
public static class TransportNetworks
{
    /// <summary>The attributes a TrafficFlowObserved detector reports.</summary>
    public const string Flow = "intensity", Speed = "averageVehicleSpeed", Occupancy = "occupancy";

    /// <exception cref="TwinDataException">The entities do not make a network; names the entity and attribute.</exception>
    public static TransportNetwork Build(TwinEntities entities)
    {
        var roadnet = TwinRoadnet.ToCityFlow(entities);
        using var document = JsonDocument.Parse(roadnet.ToJsonString());
        var roads = CityFlowNetworkReader.Read(document.RootElement, $"the twin's roads of {entities.City}");
        var signals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signal in entities.Signals.Select(e => new NgsiEntity(e)))
            signals[TwinRoadnet.LocalId(signal.Object("refIntersection"), entities.City)] = signal.Id;
        var readings = new Dictionary<string, RoadReading>(StringComparer.Ordinal);
        foreach (var detector in entities.Detectors.Select(e => new NgsiEntity(e)))
        {
            var reading = new RoadReading(detector.Id, detector.OptionalNumber(Flow), detector.OptionalNumber(Speed), detector.OptionalNumber(Occupancy),
                detector.ObservedAt(Flow) ?? detector.ObservedAt(Speed));
            if (reading.FlowPerHour is null && reading.SpeedKmh is null) continue;
            var road = TwinRoadnet.LocalId(detector.Object("refRoadSegment"), entities.City);
            // A closed road is not in the network (TwinRoadnet): its detector's readings describe no road that can be used.
            if (roads.EdgeIndex.ContainsKey(road)) readings[road] = reading;
        }
        return new TransportNetwork(entities.City, roads, entities, readings, signals);
    }

    /// <summary>Road (local id) of every detector, for applying readings that arrive as twin changes (a closed road's are not applied).</summary>
    public static IReadOnlyDictionary<string, string> RoadByDetector(TransportNetwork network) =>
        network.Entities.Detectors.Select(e => new NgsiEntity(e)).ToDictionary(
            d => d.Id, d => TwinRoadnet.LocalId(d.Object("refRoadSegment"), network.City), StringComparer.Ordinal);
}
