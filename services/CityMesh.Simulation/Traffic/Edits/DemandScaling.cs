using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Edits;

/// <summary>
/// More or less of the same demand: each trip is kept ⌊factor⌋ times plus once more with probability
/// frac(factor), each decision from a hash of the seed and the trip's index, so a seed always gives the same trips.
/// Copies take the original route and a depart shifted by up to <see cref="CopySpread"/> seconds (identical departs
/// would all queue for the same insertion slot); their ids are "{id}#k".
/// </summary>
public static class DemandScaling
{
    public const double CopySpread = 60;

    public static TrafficDemand Apply(TrafficDemand demand, double factor, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (!double.IsFinite(factor) || factor <= 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The demand scale must be positive.");
        int whole = (int)Math.Floor(factor);
        double fraction = factor - whole;
        var trips = new List<Trip>((int)(demand.Trips.Count * factor) + 1);
        for (int i = 0; i < demand.Trips.Count; i++)
        {
            var trip = demand.Trips[i];
            int copies = whole + (CounterRandom.Uniform(seed, i, 0, CounterRandom.DemandScaleStream) < fraction ? 1 : 0);
            for (int k = 0; k < copies; k++)
                trips.Add(k == 0 ? trip : trip with { Id = $"{trip.Id}#{k}", Depart = trip.Depart + CopySpread * CounterRandom.Uniform(seed, i, k, CounterRandom.DemandScaleStream) });
        }
        return demand with { Trips = trips };
    }
}
