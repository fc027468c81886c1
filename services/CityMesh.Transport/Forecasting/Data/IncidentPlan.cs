using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// A day's incidents: distinct interior roads (both ends signalised, at least two lanes), one lane closed each,
/// starting between 06:00 and 21:00 and lasting <see cref="ForecastDataOptions.IncidentMinMinutes"/> to
/// <see cref="ForecastDataOptions.IncidentMaxMinutes"/>. Drawn from the seed and the day alone.
/// </summary>
internal static class IncidentPlan
{
    public static IReadOnlyList<IncidentLabel> Draw(TrafficNetwork network, ForecastDataOptions options, int day)
    {
        var candidates = Enumerable.Range(0, network.Edges.Count).Where(e => Interior(network, network.Edges[e])).ToList();
        var incidents = new List<IncidentLabel>();
        for (int n = 0; n < options.IncidentsPerDay && candidates.Count > 0; n++)
        {
            double U(int k) => SeededDraws.Uniform(options.Seed, day, n * 8 + k, SeededDraws.IncidentStream);
            int pick = (int)(U(0) * candidates.Count);
            var edge = network.Edges[candidates[pick]];
            candidates.RemoveAt(pick);
            int lane = (int)(U(1) * edge.Lanes.Count);
            int start = 6 * 60 + (int)(U(2) * 15 * 60);
            int duration = options.IncidentMinMinutes + (int)(U(3) * (options.IncidentMaxMinutes - options.IncidentMinMinutes + 1));
            incidents.Add(new IncidentLabel(day, edge.Id, [lane], start, start + duration));
        }
        return incidents;
    }

    private static bool Interior(TrafficNetwork network, Edge edge) =>
        edge.Lanes.Count >= 2 && network.Junctions[edge.From].Signal is not null && network.Junctions[edge.To].Signal is not null;
}
