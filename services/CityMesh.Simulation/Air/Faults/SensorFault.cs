namespace CityMesh.Simulation.Air.Faults;

/// <summary>
/// A fault found in one station's pollutant series: <see cref="Kind"/> is one of <see cref="SensorFaultKinds"/>,
/// <see cref="Start"/> and <see cref="End"/> the first and last samples judged faulty. <see cref="Magnitude"/>: the
/// stuck value (stuck), the largest offset from the reference as a share of the station's typical level (drift,
/// level-shift, spike), the worst value (out-of-range).
/// </summary>
public sealed record SensorFault(string Station, string Pollutant, string Kind, DateTimeOffset Start, DateTimeOffset End, double Magnitude);

/// <summary>The kinds <see cref="SensorFaults"/> names; all but out-of-range are the synthetic generator's label kinds.</summary>
public static class SensorFaultKinds
{
    public const string Stuck = Synthetic.Telemetry.AnomalyKinds.Stuck;
    public const string Drift = Synthetic.Telemetry.AnomalyKinds.Drift;
    public const string LevelShift = Synthetic.Telemetry.AnomalyKinds.LevelShift;
    public const string Spike = Synthetic.Telemetry.AnomalyKinds.Spike;
    public const string OutOfRange = "out-of-range";

    public static readonly IReadOnlyList<string> All = [Stuck, Drift, LevelShift, Spike, OutOfRange];
}
