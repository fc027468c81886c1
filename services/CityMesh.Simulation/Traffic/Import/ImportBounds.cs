using System.Globalization;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The sane range of every number a traffic file gives, shared by the SUMO and CityFlow readers (and the twin's
/// CityFlow seeding reader). A value outside is refused at import with the bound in the message, so the engine never
/// sizes a lane's ring buffer from an absurd length, divides by a cycle of zero or steps through a year of phases.
/// Upper ends lie far above any real city and far below what overflows the engine's float32 state.
/// </summary>
public static class ImportBounds
{
    /// <summary>A year of seconds: the latest departure, flow end or phase a file may ask for.</summary>
    public const double Year = 31_536_000;

    /// <summary>
    /// 100 km: longer than any stretch of road between two junctions (motorways are split at every ramp), short enough
    /// that a lane's vehicle buffer (one slot per shortest vehicle) stays small.
    /// </summary>
    public static readonly Bound LaneLength = Bound.Above(0, 100_000, "a lane length", "m");

    /// <summary>A path across a junction: SUMO writes 0 for the rare link without one.</summary>
    public static readonly Bound InternalLaneLength = Bound.Between(0, 100_000, "an internal lane length", "m");

    /// <summary>150 m/s (540 km/h): above high-speed rail, which SUMO networks may carry.</summary>
    public static readonly Bound Speed = Bound.Above(0, 150, "a speed", "m/s");

    /// <summary>Plane coordinates: ±100,000 km covers UTM eastings and northings with room to spare.</summary>
    public static readonly Bound Coordinate = Bound.Between(-1e8, 1e8, "a coordinate", "m");

    public static readonly Bound LaneWidth = Bound.Above(0, 100, "a lane width", "m");

    public static readonly Bound IntersectionWidth = Bound.Between(0, 10_000, "an intersection width", "m");

    public static readonly Bound Time = Bound.Between(0, Year, "a time", "s");

    /// <summary>A distribution member's weight: SUMO accepts any non-negative one; past this a file is not describing traffic.</summary>
    public static readonly Bound Probability = Bound.Between(0, 1e9, "a probability", "");

    public static readonly Bound StepLength = Bound.Above(0, 60, "a step length", "s");

    public static readonly Bound PhaseDuration = Bound.Between(0, Year, "a phase duration", "s");

    public static readonly Bound Offset = Bound.Between(-Year, Year, "a signal offset", "s");

    /// <summary>A vehicle, or a train, up to 1 km long.</summary>
    public static readonly Bound VehicleLength = Bound.Above(0, 1000, "a vehicle length", "m");

    public static readonly Bound MinGap = Bound.Between(0, 1000, "a gap", "m");

    /// <summary>100 m/s², ten g: above any emergency brake.</summary>
    public static readonly Bound Acceleration = Bound.Above(0, 100, "an acceleration", "m/s²");

    public static readonly Bound Headway = Bound.Above(0, 600, "a headway", "s");

    public static readonly Bound SpeedFactor = Bound.Above(0, 10, "a speed factor", "");

    public static readonly Bound SpeedDeviation = Bound.Between(0, 10, "a speed deviation", "");

    /// <summary>Lanes side by side on one edge or road; the widest real roads have about 30.</summary>
    public const int LanesPerEdge = 64;
}

/// <summary>A closed or half-open range of one kind of value, with the words its errors use.</summary>
public sealed record Bound(double Min, bool MinIncluded, double Max, string What, string Unit)
{
    /// <summary>(min, max]: lengths, speeds, accelerations.</summary>
    public static Bound Above(double min, double max, string what, string unit) => new(min, false, max, what, unit);

    /// <summary>[min, max]: times, coordinates, gaps.</summary>
    public static Bound Between(double min, double max, string what, string unit) => new(min, true, max, what, unit);

    public bool Contains(double value) =>
        double.IsFinite(value) && (MinIncluded ? value >= Min : value > Min) && value <= Max;

    /// <summary>What a value must be, e.g. "a lane length must be above 0 and at most 100000 m".</summary>
    public string Rule =>
        MinIncluded
            ? $"{What} must be between {Number(Min)} and {Number(Max)}{Units}"
            : Min == 0 ? $"{What} must be positive and at most {Number(Max)}{Units}"
            : $"{What} must be above {Number(Min)} and at most {Number(Max)}{Units}";

    private string Units => Unit.Length == 0 ? "" : $" {Unit}";

    public static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
