namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Draws when anomalies strike: per sensor and anomaly kind a Poisson number of events (rate × weeks), each at a
/// uniform start with a duration and magnitude from the kind's ranges. An event that would overlap another on the
/// same sensor (or touch it) is dropped, so every label describes exactly the change in its window. Every draw is made
/// whether or not it is kept, so one sensor's plan does not shift another's.
/// </summary>
internal static class AnomalyPlanner
{
    private const double SecondsPerWeek = 7 * 24 * 3600;

    public static List<AnomalyWindow> Plan(TelemetrySynthesisOptions o, IReadOnlyList<SensorSite> sites, int seed)
    {
        var windows = new List<AnomalyWindow>();
        var steps = o.Steps;
        var weeks = steps * (double)o.IntervalSeconds / SecondsPerWeek;
        for (var s = 0; s < sites.Count; s++)
        {
            var random = new Random(StableHash.Of(sites[s].Id, seed ^ 0x0A40A1));
            var taken = new List<(int First, int Last)>();
            var quantities = SensorKinds.QuantitiesOf(sites[s].Kind).Count;
            foreach (var kind in AnomalyKinds.All)
            {
                if (!AnomalyKinds.Applies(kind, sites[s].Kind)) continue;
                var settings = o.Anomalies.For(kind);
                var count = Poisson(settings.Rate * weeks, random);
                for (var k = 0; k < count; k++)
                {
                    var length = Math.Max(1, (int)Math.Round(settings.DurationMinutes.Sample(random.NextDouble()) * 60 / o.IntervalSeconds));
                    var first = (int)(random.NextDouble() * steps);
                    var magnitude = settings.Magnitude.Sample(random.NextDouble());
                    var negative = random.NextDouble() < 0.5;
                    var quantity = random.Next(quantities);
                    var last = first + length - 1;
                    if (last >= steps || taken.Any(w => first <= w.Last + 1 && last >= w.First - 1)) continue;
                    taken.Add((first, last));
                    var signed = kind is AnomalyKinds.Spike or AnomalyKinds.LevelShift or AnomalyKinds.Drift && negative ? -magnitude : magnitude;
                    var allQuantities = kind is AnomalyKinds.Dropout or AnomalyKinds.Leak;
                    windows.Add(new AnomalyWindow(s, allQuantities ? -1 : quantity, kind, first, last, signed));
                }
            }
        }
        return windows;
    }

    /// <summary>Knuth's method for small means; a rounded normal above 30, where e^-λ gets too small to multiply down to.</summary>
    private static int Poisson(double mean, Random random)
    {
        if (mean <= 0) return 0;
        if (mean > 30)
        {
            var gauss = new GaussianSource(random).Next();
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * gauss));
        }
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) count++;
        return count;
    }
}
