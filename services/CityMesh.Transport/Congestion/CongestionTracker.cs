using CityMesh.Contracts.Transport;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Congestion;

/// <summary>
/// Congestion on every observed road and at every intersection. An intersection is congested while at least
/// <see cref="CongestionOptions.IntersectionShare"/> of its approaches that have a detector are; its hysteresis is
/// its roads'. Not thread-safe: one caller (<see cref="CongestionMonitor"/>) feeds it.
/// </summary>
public sealed class CongestionTracker(CongestionOptions options)
{
    private readonly Dictionary<string, RoadCongestion> _roads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _intersections = new(StringComparer.Ordinal); // congested since

    /// <summary>Applies readings (road local id) and returns the roads and intersections that changed state, roads first.</summary>
    public IReadOnlyList<CongestionEvent> Observe(TransportNetwork network, IEnumerable<(string Road, RoadReading Reading)> readings)
    {
        var events = new List<CongestionEvent>();
        var touched = new HashSet<int>();
        foreach (var (road, reading) in readings)
        {
            if (reading.SpeedKmh is not { } speed || reading.At is not { } at) continue;
            if (!network.Roads.EdgeIndex.TryGetValue(road, out var edge)) continue;
            if (!_roads.TryGetValue(road, out var state))
                _roads[road] = state = new RoadCongestion(network.Roads.Edges[edge].SpeedLimit * 3.6, options);
            if (!state.Observe(reading.Detector, at, speed, reading.Occupancy, reading.FlowPerHour)) continue;
            events.Add(new CongestionEvent(network.RoadEntityId(road), CongestionEvent.Road, state.Congested, at, state.Since, state.Evidence, []));
            touched.Add(network.Roads.Edges[edge].To);
        }
        foreach (var junction in touched)
            if (IntersectionChange(network, junction) is { } change) events.Add(change);
        return events;
    }

    /// <summary>Roads (local id) congested now, with their state.</summary>
    public IEnumerable<(string Road, RoadCongestion State)> CongestedRoads() =>
        _roads.Where(p => p.Value.Congested).Select(p => (p.Key, p.Value));

    /// <summary>Intersections (local id) congested now, with since when.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> CongestedIntersections => _intersections;

    private CongestionEvent? IntersectionChange(TransportNetwork network, int junction)
    {
        var id = network.Roads.Junctions[junction].Id;
        var approaches = Approaches(network.Roads, junction).Where(_roads.ContainsKey).ToList();
        if (approaches.Count == 0) return null;
        var congested = approaches.Where(r => _roads[r].Congested).ToList();
        var now = congested.Count >= Math.Ceiling(options.IntersectionShare * approaches.Count);
        var latest = approaches.Max(r => _roads[r].Evidence?.ObservedAt ?? DateTimeOffset.MinValue);
        var was = _intersections.TryGetValue(id, out var since);
        if (now == was) return null;
        if (now) _intersections[id] = since = latest;
        else _intersections.Remove(id);
        return new CongestionEvent(network.IntersectionEntityId(id), CongestionEvent.Intersection, now, latest, since, null,
            [.. congested.Select(network.RoadEntityId)]);
    }

    /// <summary>Each junction's incoming roads, built once per network (a re-read makes a new one).</summary>
    private IEnumerable<string> Approaches(TrafficNetwork roads, int junction)
    {
        if (!ReferenceEquals(_approachesOf, roads))
        {
            var incoming = new List<string>[roads.Junctions.Count];
            for (var j = 0; j < incoming.Length; j++) incoming[j] = [];
            foreach (var e in roads.Edges) incoming[e.To].Add(e.Id);
            (_approachesOf, _approaches) = (roads, incoming);
        }
        return _approaches[junction];
    }

    private TrafficNetwork? _approachesOf;
    private List<string>[] _approaches = [];
}
