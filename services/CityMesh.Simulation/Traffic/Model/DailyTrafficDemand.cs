namespace CityMesh.Simulation.Traffic.Model;

/// <summary>
/// The city's daily traffic profile: the share of road capacity asked for at a local hour. The simulated sensors read
/// their detectors from it and transport's forecast data replays trips by it, so both live here rather than in either.
/// </summary>
public static class DailyTrafficDemand
{
    /// <summary>About 0.05 at night to 1 at the 08:00 and 18:00 peaks, damped at weekends; mornings load roads into the centre, evenings roads out.</summary>
    public static double Share(double hour, bool weekend, bool inbound)
    {
        var day = Logistic((hour - 6.5) * 2) * Logistic(-(hour - 22) * 1.5);
        var morning = Gauss(hour, 8, 1.0) * (weekend ? 0.35 : 1) * (inbound ? 1.15 : 0.8);
        var evening = Gauss(hour, 18, 1.3) * (weekend ? 0.6 : 1) * (inbound ? 0.8 : 1.15);
        return 0.05 + 0.55 * day + 0.4 * morning + 0.38 * evening;
    }

    private static double Gauss(double x, double mean, double sigma) => Math.Exp(-(x - mean) * (x - mean) / (2 * sigma * sigma));

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
