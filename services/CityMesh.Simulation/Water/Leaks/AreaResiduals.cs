namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// The district meters' residuals: each area's inflow less its usual share of the whole at that hour of day (the
/// training days' mean share) times the whole metered inflow (m³/s), by reading and area, and each area's leak-free
/// spread of it. A leak adds its flow to its own area's meter and to the whole, so its area reads high by about
/// (1 − share) of the leak and the others low by their shares: where the city's consumption moves all areas together,
/// the shares hold, so the residual is near zero without a leak.
/// </summary>
public sealed record AreaResiduals(double[][] Residual, double[] Spread, double[,] TypicalShare)
{
    public static AreaResiduals Of(long[] times, double[][] areaInflow, long trainingStart, long trainingEnd)
    {
        int areas = areaInflow.Length == 0 ? 0 : areaInflow[0].Length;
        var share = new double[24, areas];
        var count = new int[24];
        for (int i = 0; i < times.Length; i++)
        {
            if (times[i] < trainingStart || times[i] >= trainingEnd) continue;
            int h = (int)(times[i] % 86400 / 3600);
            double total = Total(areaInflow[i]);
            count[h]++;
            for (int a = 0; a < areas; a++) share[h, a] += areaInflow[i][a] / Math.Max(1e-12, total);
        }
        for (int h = 0; h < 24; h++) for (int a = 0; a < areas; a++) share[h, a] /= Math.Max(1, count[h]);
        var residual = new double[times.Length][];
        var spread = new double[areas];
        int n = 0;
        double meanTotal = 0;
        for (int i = 0; i < times.Length; i++)
        {
            int h = (int)(times[i] % 86400 / 3600);
            double total = Total(areaInflow[i]);
            residual[i] = new double[areas];
            for (int a = 0; a < areas; a++) residual[i][a] = areaInflow[i][a] - share[h, a] * total;
            if (times[i] < trainingStart || times[i] >= trainingEnd) continue;
            n++;
            meanTotal += total;
            for (int a = 0; a < areas; a++) spread[a] += residual[i][a] * residual[i][a];
        }
        // At least 0.1 % of the whole inflow: exact meters would otherwise weigh the areas' residuals without bound and
        // drown the loggers, which alone tell pipes within an area apart.
        double floor = 1e-3 * meanTotal / Math.Max(1, n);
        for (int a = 0; a < areas; a++) spread[a] = Math.Max(floor, Math.Sqrt(spread[a] / Math.Max(1, n - 1)));
        return new AreaResiduals(residual, spread, share);
    }

    private static double Total(double[] inflows)
    {
        double total = 0;
        foreach (var q in inflows) total += q;
        return total;
    }
}
