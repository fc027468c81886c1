using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Scenarios.Running;

/// <summary>The traffic KPIs (<see cref="KpiNames"/>) of one run; a KPI without a value (no trip arrived) is left out.</summary>
public static class TrafficKpis
{
    public static Dictionary<string, double> Of(TrafficResults results, IReadOnlyCollection<string> wanted)
    {
        var s = results.Summary;
        long passed = results.Intersections.Sum(i => i.Passed);
        var all = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [KpiNames.MeanTravelTime] = s.MeanTravelTime,
            [KpiNames.MeanWaitingTime] = s.MeanWaitingTime,
            [KpiNames.MeanTimeLoss] = s.MeanTimeLoss,
            [KpiNames.CompletedTrips] = s.Arrived,
            // Arrivals per simulated hour.
            [KpiNames.Throughput] = s.Time > 0 ? s.Arrived * 3600.0 / s.Time : double.NaN,
            // Per crossing vehicle, weighted by how many crossed each junction.
            [KpiNames.MeanJunctionDelay] = passed > 0 ? results.Intersections.Sum(i => i.MeanDelay * i.Passed) / passed : double.NaN,
            [KpiNames.MaxQueue] = results.Intersections.Count > 0 ? results.Intersections.Max(i => i.MaxQueue) : 0,
            [KpiNames.Teleports] = s.Teleports,
        };
        return all.Where(p => (wanted.Count == 0 || wanted.Contains(p.Key)) && double.IsFinite(p.Value))
            .ToDictionary(p => p.Key, p => Math.Round(p.Value, 3), StringComparer.Ordinal);
    }
}
