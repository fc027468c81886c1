namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Shapes of a city day by local hour, each about 0–1.3 with night troughs, and how weekends damp them. The daily
/// strength blends a shape towards its mean (0 = flat); the weekly strength scales the weekend damping.
/// <list type="bullet">
/// <item>traffic: peaks at 08:00 and 18:00, the morning one damped most at weekends;</item>
/// <item>electricity: a late-morning shoulder and an evening peak at 20:00;</item>
/// <item>water: peaks at 07:30 and 19:30 (later and flatter mornings at weekends are left out).</item>
/// </list>
/// </summary>
internal static class DailyProfiles
{
    private const double TrafficMean = 0.45, ElectricityMean = 0.62, WaterMean = 0.5;

    public static double Traffic(double hour, bool weekend, double daily, double weekly)
    {
        var damp = weekend ? weekly : 0;
        var day = Logistic((hour - 6.5) * 2) * Logistic(-(hour - 22) * 1.5);
        var shape = 0.05 + 0.5 * day + 0.45 * Gauss(hour, 8, 1.0) * (1 - 0.65 * damp) + 0.4 * Gauss(hour, 18, 1.3) * (1 - 0.35 * damp);
        return Blend(shape * (1 - 0.15 * damp), TrafficMean, daily);
    }

    public static double Electricity(double hour, bool weekend, double daily, double weekly)
    {
        var damp = weekend ? weekly : 0;
        var day = Logistic((hour - 6.5) * 2) * Logistic(-(hour - 23) * 1.5);
        var shape = 0.42 + 0.18 * day + 0.22 * Gauss(hour, 11, 2.5) * (1 - 0.4 * damp) + 0.30 * Gauss(hour, 20, 2.2);
        return Blend(shape, ElectricityMean, daily);
    }

    public static double Water(double hour, bool weekend, double daily, double weekly)
    {
        var damp = weekend ? weekly : 0;
        var day = Logistic((hour - 6) * 2) * Logistic(-(hour - 23) * 1.5);
        var shape = 0.22 + 0.18 * day + 0.55 * Gauss(hour, 7.5, 1.2) * (1 - 0.2 * damp) + 0.45 * Gauss(hour, 19.5, 1.6);
        return Blend(shape, WaterMean, daily);
    }

    private static double Blend(double shape, double mean, double strength) => Math.Max(0.01, mean + strength * (shape - mean));

    private static double Gauss(double x, double mean, double sigma) => Math.Exp(-(x - mean) * (x - mean) / (2 * sigma * sigma));

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
