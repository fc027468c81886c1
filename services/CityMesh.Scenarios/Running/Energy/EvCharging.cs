using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// When EV chargers draw power. Every charger holds one session a day, at full power for chargingHours, starting at
/// an hour drawn from the profile's shares (evening: 17:00 20 %, 18:00 35 %, 19:00 30 %, 20:00 15 %; workplace: 08:00
/// 40 %, 09:00 40 %, 10:00 20 %); managed charging starts the same sessions at managedStartHour and the three hours after,
/// a quarter each, so the energy is the same and only its time moves. Every day repeats, and the previous day's sessions
/// still charging after midnight are counted, so a run of whole days holds chargers × kW × chargingHours per day exactly.
/// </summary>
public static class EvCharging
{
    private static readonly (int Hour, double Share)[] Evening = [(17, 0.20), (18, 0.35), (19, 0.30), (20, 0.15)];
    private static readonly (int Hour, double Share)[] Workplace = [(8, 0.40), (9, 0.40), (10, 0.20)];

    public static IReadOnlyList<(int Hour, double Share)> Starts(EvAdoptionSpec ev) =>
        ev.Managed ? [.. Enumerable.Range(0, 4).Select(k => (ev.ManagedStartHour + k, 0.25))]
        : ev.Profile == "workplace" ? Workplace : Evening;

    /// <summary>Per interval, the mean share of the chargers charging (0–1).</summary>
    public static double[] Share(EvAdoptionSpec ev, int intervals, double intervalHours)
    {
        var share = new double[intervals];
        double end = intervals * intervalHours;
        int days = (int)Math.Ceiling(end / 24);
        foreach (var (hour, weight) in Starts(ev))
            for (int day = -1; day <= days; day++)
            {
                double from = day * 24.0 + hour, to = from + ev.ChargingHours;
                if (to <= 0 || from >= end) continue;
                int first = Math.Max(0, (int)Math.Floor(from / intervalHours)), last = Math.Min(intervals - 1, (int)Math.Ceiling(to / intervalHours) - 1);
                for (int t = first; t <= last; t++)
                {
                    double overlap = Math.Min(to, (t + 1) * intervalHours) - Math.Max(from, t * intervalHours);
                    if (overlap > 0) share[t] += weight * overlap / intervalHours;
                }
            }
        return share;
    }
}
