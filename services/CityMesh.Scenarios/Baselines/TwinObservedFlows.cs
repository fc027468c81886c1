using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;

namespace CityMesh.Scenarios.Baselines;

/// <param name="ByRoad">Vehicles per hour by road (local id), from each road's detector.</param>
/// <param name="Detectors">Detectors the twin holds.</param>
/// <param name="Stale">Detectors whose last reading was older than the window allows; their roads count as unobserved.</param>
/// <param name="Silent">Detectors that have never reported a flow.</param>
/// <param name="Newest">The newest reading; ages are measured from it, so an accelerated city clock does not make every reading look stale or fresh.</param>
public sealed record ObservedFlows(IReadOnlyDictionary<string, double> ByRoad, int Detectors, int Stale, int Silent, DateTimeOffset? Newest)
{
    /// <summary>No lane discharges more than one vehicle a second; a reading above that is a broken sensor, not demand.</summary>
    public const double MaxFlowPerLane = 3600;

    /// <summary>
    /// The latest <c>intensity</c> of every TrafficFlowObserved detector, by the road its <c>refRoadSegment</c>
    /// names. Two detectors on one road: the later reading wins. A detector on a road the twin does not hold, or one
    /// reading more than <see cref="MaxFlowPerLane"/> per lane, is an error naming the detector. A detector on a closed
    /// road (<see cref="TwinRoadnet.IsClosed"/>) is left out: the road is not in the network, and what it saw before the
    /// closure is no demand for it now.
    /// </summary>
    public static ObservedFlows Of(TwinEntities twin, TimeSpan maxAge)
    {
        var lanes = twin.Roads.Select(e => new NgsiEntity(e)).ToDictionary(r => r.Id,
            r => r.Value("laneWidths") is { ValueKind: System.Text.Json.JsonValueKind.Array } w ? Math.Max(1, w.GetArrayLength()) : 1, StringComparer.Ordinal);
        var closed = twin.Roads.Select(e => new NgsiEntity(e)).Where(TwinRoadnet.IsClosed).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var readings = new List<(string Road, double Flow, DateTimeOffset? At)>();
        int silent = 0;
        foreach (var detector in twin.Detectors.Select(e => new NgsiEntity(e)))
        {
            if (detector.OptionalNumber("intensity") is not { } flow) { silent++; continue; }
            var road = detector.Object("refRoadSegment");
            if (!lanes.TryGetValue(road, out var laneCount)) throw detector.Error("refRoadSegment", $"names {road}, which the twin does not hold");
            if (closed.Contains(road)) continue;
            if (!double.IsFinite(flow) || flow < 0 || flow > laneCount * MaxFlowPerLane)
                throw detector.Error("intensity", $"{flow} vehicles/h is not a flow {laneCount} lane(s) can carry (0..{laneCount * MaxFlowPerLane:0})");
            readings.Add((TwinRoadnet.LocalId(road, twin.City), flow, detector.ObservedAt("intensity")));
        }
        // Readings without a time count as current.
        DateTimeOffset? newest = readings.Any(r => r.At is not null) ? readings.Where(r => r.At is not null).Max(r => r.At!.Value) : null;
        var byRoad = new Dictionary<string, (double Flow, DateTimeOffset? At)>(StringComparer.Ordinal);
        int stale = 0;
        foreach (var (road, flow, at) in readings)
        {
            var when = at ?? newest;
            if (newest - when > maxAge) { stale++; continue; }
            if (!byRoad.TryGetValue(road, out var seen) || when > seen.At) byRoad[road] = (flow, when);
        }
        return new ObservedFlows(byRoad.ToDictionary(p => p.Key, p => p.Value.Flow, StringComparer.Ordinal), twin.Detectors.Count, stale, silent, newest);
    }
}
