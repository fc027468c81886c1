namespace CityMesh.Health.Dispatch;

/// <summary>An ambulance considered for a call: its emergency ETA to the scene, or why it has none.</summary>
public sealed record AmbulanceOption(string Ambulance, double? EtaSeconds, double? DistanceMetres, double CrowMetres, string? Problem);

/// <summary>A hospital considered for the patient: ETA from the scene, free beds of the type needed, whether it takes ambulances now.</summary>
public sealed record HospitalOption(string Hospital, double? EtaSeconds, int FreeBeds, bool Diverting, bool Accepting, string? Problem);

/// <summary>
/// Who goes and where the patient goes: the nearest free ambulance by live emergency travel time, and the hospital
/// nearest the scene by travel time among those taking ambulances with beds of the type needed.
/// </summary>
/// <param name="Diversion">Why the patient does not go to the nearest hospital by travel time, when they do not.</param>
/// <param name="SceneRoute">The roads to the scene, in driving order (RoadSegment ids).</param>
/// <param name="HospitalRoute">The roads from the scene to the hospital, in driving order.</param>
public sealed record DispatchPlan(
    string Call,
    string Need,
    string Ambulance,
    double ResponseEtaSeconds,
    string Hospital,
    double TransportEtaSeconds,
    string? Diversion,
    IReadOnlyList<AmbulanceOption> Ambulances,
    IReadOnlyList<HospitalOption> Hospitals,
    IReadOnlyList<string> SceneRoute,
    IReadOnlyList<string> HospitalRoute);

/// <summary>Where the patient goes from the scene: every emergency department considered, the one chosen and the way there.</summary>
/// <param name="Chosen">Null when no emergency department can take the patient.</param>
/// <param name="Diversion">Why the chosen one is not the nearest by travel time, when it is not.</param>
public sealed record HospitalChoice(IReadOnlyList<HospitalOption> Hospitals, HospitalOption? Chosen, RouteTime? Route, string? Diversion);
