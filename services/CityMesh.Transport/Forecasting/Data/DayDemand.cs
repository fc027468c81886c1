using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// A simulated day's trips: the real Jinan hour's trips (routes and departure pattern) replayed every hour, each trip
/// kept ⌊f⌋ times plus once with probability frac(f), where f at its departure time is the city's daily profile
/// (<see cref="DailyTrafficDemand"/>, the one the simulated sensors follow: peaks at 08:00 and 18:00, damped at
/// weekends) × the day's level (weather, events) × a smooth within-day wander. So deviations from the average day are
/// real and last hours, as they do in a city.
/// </summary>
internal static class DayDemand
{
    /// <summary>Demand factor (share of the real hour's trips per hour) at <paramref name="secondOfDay"/>.</summary>
    public static double Factor(ForecastDataOptions options, int day, bool weekend, double secondOfDay)
    {
        var hour = secondOfDay / 3600;
        // The profile is given for inbound and outbound roads; a replayed hour carries both, so take their mean.
        var profile = 0.5 * (DailyTrafficDemand.Share(hour, weekend, true) + DailyTrafficDemand.Share(hour, weekend, false));
        return options.PeakShare * profile * DayLevel(options, day) * (1 + Wander(options, day, hour));
    }

    public static double DayLevel(ForecastDataOptions options, int day) =>
        1 + options.DayLevelSpread * Math.Clamp(SeededDraws.Normal(options.Seed, day, 0, SeededDraws.DayLevelStream), -2, 2);

    /// <summary>Linear between hourly knots, each spread × N(0,1) / 2 with the normal cut to ±2.</summary>
    private static double Wander(ForecastDataOptions options, int day, double hour)
    {
        int k = (int)Math.Floor(hour);
        double a = Knot(options, day, k), b = Knot(options, day, k + 1), w = hour - k;
        return a + (b - a) * w;
    }

    private static double Knot(ForecastDataOptions options, int day, int k) =>
        options.WanderSpread * Math.Clamp(SeededDraws.Normal(options.Seed, day, k, SeededDraws.WanderStream), -2, 2) / 2;

    public static List<Trip> Trips(TrafficDemand hour, ForecastDataOptions options, int day, bool weekend)
    {
        var trips = new List<Trip>(hour.Trips.Count * 16);
        for (int h = 0; h < 24; h++)
        {
            for (int i = 0; i < hour.Trips.Count; i++)
            {
                var trip = hour.Trips[i];
                var depart = h * 3600 + Math.Clamp(trip.Depart, 0, 3599.999);
                var factor = Factor(options, day, weekend, depart);
                int whole = (int)Math.Floor(factor);
                long draw = (long)h * hour.Trips.Count + i;
                int copies = whole + (SeededDraws.Uniform(options.Seed, day, draw * 8, SeededDraws.TripStream) < factor - whole ? 1 : 0);
                for (int k = 0; k < copies; k++)
                {
                    // Copies leave up to a minute apart: identical departures would queue for one insertion slot.
                    var at = k == 0 ? depart : Math.Min(86_399, depart + 60 * SeededDraws.Uniform(options.Seed, day, draw * 8 + k, SeededDraws.TripStream));
                    trips.Add(trip with { Id = $"d{day}h{h}_{i}_{k}", Depart = at });
                }
            }
        }
        trips.Sort((a, b) => a.Depart.CompareTo(b.Depart));
        return trips;
    }
}
