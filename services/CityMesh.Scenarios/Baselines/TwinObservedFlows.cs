namespace CityMesh.Scenarios.Baselines;

/// <param name="ByRoad">Vehicles per hour by road (local id), from each road's detector.</param>
/// <param name="Detectors">Detectors the twin holds.</param>
/// <param name="Stale">Detectors whose last reading was older than the window allows; their roads count as unobserved.</param>
/// <param name="Silent">Detectors that have never reported a flow.</param>
/// <param name="Newest">The newest reading; ages are measured from it, so an accelerated city clock does not make every reading look stale or fresh.</param>
public sealed record ObservedFlows(IReadOnlyDictionary<string, double> ByRoad, int Detectors, int Stale, int Silent, DateTimeOffset? Newest)
{
    /// <summary>
    /// The latest <c>intensity</c> of every TrafficFlowObserved detector, by the road its <c>refRoadSegment</c>
    /// names. Two detectors on one road: the later reading wins.
    /// </summary>
    public static ObservedFlows Of(TwinEntities twin, TimeSpan maxAge)
    {
        var readings = new List<(string Road, double Flow, DateTimeOffset? At)>();
        int silent = 0;
        foreach (var detector in twin.Detectors.Select(e => new NgsiEntity(e)))
        {
            if (detector.OptionalNumber("intensity") is not { } flow) { silent++; continue; }
            if (!double.IsFinite(flow) || flow < 0) throw detector.Error("intensity", $"{flow} is not a flow (vehicles per hour)");
            readings.Add((TwinRoadnet.LocalId(detector.Object("refRoadSegment"), twin.City), flow, detector.ObservedAt("intensity")));
        }
        var newest = readings.Where(r => r.At is not null).Select(r => r.At!.Value).DefaultIfEmpty().Max();
        DateTimeOffset? newestOrNull = readings.Any(r => r.At is not null) ? newest : null;
        var byRoad = new Dictionary<string, (double Flow, DateTimeOffset At)>(StringComparer.Ordinal);
        int stale = 0;
        foreach (var (road, flow, at) in readings)
        {
            var when = at ?? newest;
            if (newestOrNull is not null && newest - when > maxAge) { stale++; continue; }
            if (!byRoad.TryGetValue(road, out var seen) || when > seen.At) byRoad[road] = (flow, when);
        }
        return new ObservedFlows(byRoad.ToDictionary(p => p.Key, p => p.Value.Flow, StringComparer.Ordinal), twin.Detectors.Count, stale, silent, newestOrNull);
    }
}
