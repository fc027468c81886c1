using CityMesh.Limits.Settings;

namespace CityMesh.Transport.Routing;

/// <summary>
/// How live travel times are estimated (README.md in this folder); bound from <c>CityMesh:Transport:Routing</c>.
/// </summary>
public sealed record TravelTimeOptions : ISettings<TravelTimeOptions>
{
    public const string Section = "CityMesh:Transport:Routing";

    static string ISettings<TravelTimeOptions>.Section => Section;

    /// <summary>
    /// A reading counts as live when it is at most this much older than the newest reading of the network: the
    /// newest reading, not the wall clock, so a replayed or delayed feed is judged by its own time.
    /// </summary>
    public TimeSpan FreshFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The slowest speed a road is assumed to move at: a detector that reads a standing queue (0 km/h) would
    /// otherwise make the road endless rather than slow.
    /// </summary>
    public double MinSpeedKmh { get; init; } = 5;

    /// <summary>
    /// Detectors report the space-mean speed of the vehicles on the whole road (the twin's do), which counts the
    /// vehicles standing at the stop line, so length ÷ speed already holds the wait at the road's signal and no
    /// signal delay is added on top. False for spot detectors (loops upstream of the queue): the delay is added.
    /// </summary>
    public bool LiveSpeedIncludesSignalWait { get; init; } = true;

    /// <summary>Vehicles per hour of green one lane discharges (Webster's saturation flow).</summary>
    public double SaturationFlowPerLane { get; init; } = 1800;

    /// <summary>Highest flow ratio (flow ÷ saturation flow) the signal delay uses, so an oversaturated approach stays finite.</summary>
    public double MaxFlowRatio { get; init; } = 0.9;

    /// <summary>Seconds a pre-empted signal still costs an emergency vehicle: the conflicting phase's clearance.</summary>
    public double PreemptionClearanceSeconds { get; init; } = 4;

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public TravelTimeOptions Validated()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{Section}:{name} is {value}; it must be {rule}.");
        }
        Require(FreshFor > TimeSpan.Zero, nameof(FreshFor), FreshFor, "positive");
        Require(double.IsFinite(MinSpeedKmh) && MinSpeedKmh > 0, nameof(MinSpeedKmh), MinSpeedKmh, "positive");
        Require(double.IsFinite(SaturationFlowPerLane) && SaturationFlowPerLane > 0, nameof(SaturationFlowPerLane), SaturationFlowPerLane, "positive");
        Require(MaxFlowRatio is >= 0 and < 1, nameof(MaxFlowRatio), MaxFlowRatio, "at least 0 and below 1");
        Require(double.IsFinite(PreemptionClearanceSeconds) && PreemptionClearanceSeconds >= 0, nameof(PreemptionClearanceSeconds), PreemptionClearanceSeconds, "zero or more");
        return this;
    }
}
