namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// Daily load shapes by kind of customer, hour by hour (local time, the hour starting at the index), as a share of the
/// bus's peak: the case's load is the peak, 1.0, reached on weekdays. They are stylised shapes of the form published
/// standard load profiles take (a household's evening peak and morning bump, an office's working day, a factory's two
/// shifts, weekends lower for business), not measured ones: a city replaces them when it has its own.
/// </summary>
public static class LoadShapes
{
    public const string Residential = "residential", Commercial = "commercial", Industrial = "industrial";

    private static readonly double[] ResidentialWeekday =
        [0.45, 0.40, 0.37, 0.35, 0.35, 0.38, 0.50, 0.62, 0.60, 0.55, 0.52, 0.53, 0.56, 0.55, 0.54, 0.57, 0.65, 0.78, 0.90, 1.00, 0.98, 0.88, 0.72, 0.56];
    private static readonly double[] ResidentialWeekend =
        [0.50, 0.44, 0.40, 0.37, 0.36, 0.37, 0.42, 0.50, 0.60, 0.68, 0.72, 0.75, 0.76, 0.72, 0.68, 0.67, 0.70, 0.80, 0.90, 0.97, 0.95, 0.86, 0.72, 0.58];
    private static readonly double[] CommercialWeekday =
        [0.35, 0.33, 0.32, 0.32, 0.33, 0.36, 0.45, 0.62, 0.82, 0.94, 0.98, 1.00, 0.97, 0.98, 1.00, 0.98, 0.94, 0.85, 0.68, 0.55, 0.48, 0.43, 0.40, 0.37];
    private static readonly double[] CommercialWeekend =
        [0.33, 0.32, 0.31, 0.31, 0.31, 0.32, 0.34, 0.38, 0.44, 0.50, 0.54, 0.56, 0.56, 0.55, 0.54, 0.52, 0.50, 0.47, 0.43, 0.40, 0.38, 0.36, 0.35, 0.34];
    private static readonly double[] IndustrialWeekday =
        [0.62, 0.60, 0.60, 0.60, 0.62, 0.68, 0.85, 0.95, 1.00, 1.00, 0.99, 0.97, 0.92, 0.97, 1.00, 0.99, 0.96, 0.90, 0.80, 0.74, 0.70, 0.67, 0.65, 0.63];
    private static readonly double[] IndustrialWeekend =
        [0.55, 0.54, 0.54, 0.54, 0.54, 0.55, 0.57, 0.58, 0.60, 0.60, 0.60, 0.60, 0.59, 0.59, 0.59, 0.58, 0.58, 0.57, 0.56, 0.56, 0.56, 0.55, 0.55, 0.55];

    /// <summary>The share of the peak a bus of <paramref name="kind"/> draws in the local hour <paramref name="hour"/> (0–23) of a weekday or a weekend day.</summary>
    public static double Share(string kind, int hour, bool weekend) => (kind, weekend) switch
    {
        (Commercial, false) => CommercialWeekday[hour],
        (Commercial, true) => CommercialWeekend[hour],
        (Industrial, false) => IndustrialWeekday[hour],
        (Industrial, true) => IndustrialWeekend[hour],
        (_, false) => ResidentialWeekday[hour],
        (_, true) => ResidentialWeekend[hour],
    };
}
