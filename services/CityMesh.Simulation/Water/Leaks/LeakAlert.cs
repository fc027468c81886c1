namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// A leak alert for the safety service: the district metered area, when the leak is estimated to have begun (where the
/// evidence began to build, not when it was enough), when the alarm sounded, when the candidate list was drawn (later
/// than the alarm by <see cref="LeakMonitorOptions.LocateAfterHours"/>: more hours average the consumption's wander
/// away), the confidence (see <see cref="LeakMonitor"/>), the leak's estimated flow (m³/s) and the pipes a crew should
/// check, best first, each with its own flow, fit and distance from the first along the network.
/// </summary>
/// <param name="RaisedBy">"model", "night flow" or "model+night flow": which detectors had sounded by the time the list was drawn (the first named first).</param>
public sealed record LeakAlert(
    int Area, string AreaName, long Start, long AlarmTime, long LocatedAt, double Confidence, double EstimatedFlow, string RaisedBy,
    IReadOnlyList<LeakCandidate> Candidates);

/// <summary>What each detector made of a stretch of readings, and the alert they make together (null where neither sounded).</summary>
public sealed record LeakFindings(LeakAlarm? Model, NightFlowAlarm? Night, LeakAlert? Alert);
