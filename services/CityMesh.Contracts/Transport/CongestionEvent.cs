namespace CityMesh.Contracts.Transport;

/// <summary>
/// What the transport service publishes on <c>transport.events</c> when a road or an intersection enters or leaves
/// congestion (<see cref="DetectedType"/>, <see cref="ClearedType"/>), with the evidence.
/// </summary>
/// <param name="Entity">The RoadSegment's or Intersection's entity id.</param>
/// <param name="Kind"><c>road</c> or <c>intersection</c>.</param>
/// <param name="Since">When the congestion began (for a clearing, how long it lasted is At − Since).</param>
/// <param name="Evidence">For a road: the readings that decided it.</param>
/// <param name="Roads">For an intersection: its congested approaches (entity ids) at the time.</param>
public sealed record CongestionEvent(string Entity, string Kind, bool Congested, DateTimeOffset At, DateTimeOffset Since,
    CongestionEvidence? Evidence, IReadOnlyList<string> Roads)
{
    public const string DetectedType = "io.citymesh.transport.congestion-detected";
    public const string ClearedType = "io.citymesh.transport.congestion-cleared";
    public const string Source = "/citymesh/transport";
    public const string Road = "road", Intersection = "intersection";
}

/// <param name="FreeFlowLearned">False while too few free-flow readings were seen: the speed limit stands in.</param>
/// <param name="Readings">Readings in a row that agreed.</param>
public sealed record CongestionEvidence(string Detector, double SpeedKmh, double FreeFlowSpeedKmh, bool FreeFlowLearned, int FreeFlowSamples,
    double SpeedRatio, double? Occupancy, double? FlowPerHour, int Readings, DateTimeOffset ObservedAt);
