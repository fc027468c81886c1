namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// CityFlow's "average travel time" (its engine's getAverageTravelTime), computed from CityMesh's trips so the two
/// are compared on one definition: at time <c>at</c>, over every vehicle due by then, an arrived one counts
/// arrival − due and one still waiting or driving counts <c>at</c> − due. It differs from a mean over arrived trips:
/// the vehicles still in a jam at the end count with what they have spent so far.
/// </summary>
public static class CityFlowMetric
{
    public static double AverageTravelTime(IReadOnlyList<TripRecord> trips, double at)
    {
        double total = 0;
        var count = 0;
        foreach (var trip in trips)
        {
            if (trip.Depart > at) continue;
            total += trip.Status == TripStatus.Arrived && trip.Arrival <= at ? trip.Arrival - trip.Depart : at - trip.Depart;
            count++;
        }
        return count == 0 ? 0 : total / count;
    }
}
