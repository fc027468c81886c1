namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// The shape of an epidemic wave: daily new infections of a closed SIR model (dS/dt = -βSI, dI/dt = βSI - γI,
/// β = R0·γ) seeded with one in a million infectious, integrated by RK4 in tenths of a day, scaled to 1 at its
/// peak and cut where it is below 2 % of the peak on either side. Admissions follow infections by about a week;
/// the lag is left out, as only the shape is used.
/// </summary>
public static class SirCurve
{
    public const double Threshold = 0.02;

    /// <returns>Day 0 is the first day at or above the threshold; the peak is 1.</returns>
    public static double[] Shape(double r0, double infectiousDays)
    {
        if (!(r0 > 1)) throw new ArgumentOutOfRangeException(nameof(r0), r0, "A wave needs R0 above 1.");
        double gamma = 1 / infectiousDays, beta = r0 * gamma, s = 1 - 1e-6, i = 1e-6;
        const int stepsPerDay = 10;
        const double dt = 1.0 / stepsPerDay;
        var daily = new List<double>();
        double peak = 0;
        for (int day = 0; day < 3650; day++)
        {
            double before = s;
            for (int k = 0; k < stepsPerDay; k++)
            {
                (double ds1, double di1) = Rates(s, i);
                (double ds2, double di2) = Rates(s + dt / 2 * ds1, i + dt / 2 * di1);
                (double ds3, double di3) = Rates(s + dt / 2 * ds2, i + dt / 2 * di2);
                (double ds4, double di4) = Rates(s + dt * ds3, i + dt * di3);
                s += dt / 6 * (ds1 + 2 * ds2 + 2 * ds3 + ds4);
                i += dt / 6 * (di1 + 2 * di2 + 2 * di3 + di4);
            }
            double incidence = before - s;
            daily.Add(incidence);
            peak = Math.Max(peak, incidence);
            if (incidence < Threshold * peak && daily.Count > 1 && daily[^2] > incidence) break;   // past the peak
        }
        int first = daily.FindIndex(v => v >= Threshold * peak), last = daily.FindLastIndex(v => v >= Threshold * peak);
        return daily.Skip(first).Take(last - first + 1).Select(v => v / peak).ToArray();

        (double Ds, double Di) Rates(double s, double i) => (-beta * s * i, beta * s * i - gamma * i);
    }
}
