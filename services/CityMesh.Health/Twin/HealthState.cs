using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;

namespace CityMesh.Health.Twin;

/// <summary>Beds of one type: staffed and occupied.</summary>
public readonly record struct BedCount(int Capacity, int Occupied)
{
    public int Free => Math.Max(0, Capacity - Occupied);

    /// <summary>Occupied over staffed; null without staffed beds.</summary>
    public double? Occupancy => Capacity > 0 ? Occupied / (double)Capacity : null;
}

/// <param name="Arrivals">Patients arriving in the last hour.</param>
/// <param name="Patients">In the department now, boarders included.</param>
/// <param name="Waiting">Waiting for a cubicle.</param>
/// <param name="Boarding">Admitted, waiting in the department for a ward bed.</param>
public sealed record EdState(int Arrivals, int Patients, int Waiting, int Boarding, int Cubicles);

/// <summary>A hospital as the health service sees it: beds by type (<see cref="BedTypes"/>), its emergency department, diversion.</summary>
/// <param name="Road">The RoadSegment its entrance is on: where routes to it end.</param>
/// <param name="ObservedAt">The newest count's time (the city's clock).</param>
public sealed record HospitalState(
    string Id,
    string Name,
    Position? Location,
    string? Road,
    IReadOnlyDictionary<string, BedCount> Beds,
    EdState? Ed,
    int? Admissions,
    string? DiversionStatus,
    string? DivertTo,
    DateTimeOffset? DivertUntil,
    DateTimeOffset? ObservedAt)
{
    public const string Diverting = "diverting";

    public bool EmergencyDepartment => Ed is not null;

    /// <summary>Beds opened beyond the staffed ones by an approved surge (governed; 0 when none).</summary>
    public int SurgeBeds { get; init; }

    public BedCount BedsOf(string type) => Beds.GetValueOrDefault(type);

    /// <summary>All inpatient beds.</summary>
    public BedCount Total => new(Beds.Values.Sum(b => b.Capacity), Beds.Values.Sum(b => b.Occupied));

    /// <summary>Turning ambulances away at <paramref name="now"/>.</summary>
    public bool IsDiverting(DateTimeOffset now) => DiversionStatus == Diverting && (DivertUntil is null || DivertUntil > now);
}

/// <summary>A ward as the twin holds it: which hospital it belongs to and its beds (for checking what hospitals report about it).</summary>
/// <param name="BedType">One of <see cref="BedTypes"/>.</param>
public sealed record WardState(string Id, string Hospital, string BedType, int? Capacity);

public sealed record StationState(string Id, string Name, Position? Location, string? Road, string? Hospital);

/// <param name="Status">One of <see cref="AmbulanceStatus"/>.</param>
/// <param name="Road">Where it joins the network now: its station's street, or the last road it reported.</param>
/// <param name="SceneRoute">The roads dispatch planned to the scene (empty when none is known).</param>
/// <param name="HospitalRoute">The roads planned from the scene to the hospital.</param>
public sealed record AmbulanceState(string Id, string Name, string Status, Position? Location, string? Road, string? Station, string? Call,
    string? Hospital, DateTimeOffset? ObservedAt)
{
    public IReadOnlyList<string> SceneRoute { get; init; } = [];
    public IReadOnlyList<string> HospitalRoute { get; init; } = [];
}

/// <param name="Priority"><c>immediate</c>, <c>urgent</c> or <c>routine</c>.</param>
/// <param name="Need">The bed type the patient will likely need (<see cref="BedTypes"/>).</param>
/// <param name="Status"><c>received</c>, <c>dispatched</c>, <c>atScene</c>, <c>transporting</c>, <c>closed</c>.</param>
public sealed record CallState(string Id, Position? Location, string? Road, string Priority, string Need, string Status, DateTimeOffset? ReceivedAt,
    string? Ambulance, string? Hospital);

/// <summary>A road's centreline (WGS84), for placing a caller on the network, and the intersections it runs between.</summary>
/// <param name="Closed">The twin's <c>status</c> is <c>closed</c> (a governed closure, e.g. for a flood).</param>
/// <param name="Incident">The incident it was closed for (its <c>refIncident</c>), when the closure names one.</param>
public sealed record RoadLine(string Id, IReadOnlyList<Position> Points, string? Start = null, string? End = null, bool Closed = false, string? Incident = null);
