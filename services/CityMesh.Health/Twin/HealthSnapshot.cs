using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Health.Twin;

/// <summary>
/// The health service's view of the city at one moment: hospitals with their beds, ambulance stations, ambulances,
/// emergency calls, and the roads they join. Immutable; <see cref="HealthFeed"/> builds a new one as the twin changes.
/// </summary>
public sealed class HealthSnapshot
{
    /// <summary>The types the view reads.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        EntityTypes.Hospital, EntityTypes.HospitalWard, EntityTypes.AmbulanceStation, EntityTypes.Vehicle, EntityTypes.EmergencyCall, EntityTypes.RoadSegment,
    ];

    public static readonly HealthSnapshot Empty = From([], DateTimeOffset.MinValue);

    public required IReadOnlyDictionary<string, HospitalState> Hospitals { get; init; }
    public required IReadOnlyDictionary<string, WardState> Wards { get; init; }
    public required IReadOnlyDictionary<string, StationState> Stations { get; init; }
    public required IReadOnlyDictionary<string, AmbulanceState> Ambulances { get; init; }
    public required IReadOnlyDictionary<string, CallState> Calls { get; init; }
    public required IReadOnlyList<RoadLine> Roads { get; init; }

    /// <summary>When it was read (the wall clock).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>The newest observation in it: the city's clock, which may run faster than the wall's.</summary>
    public DateTimeOffset? CityTime =>
        Hospitals.Values.Select(h => h.ObservedAt).Concat(Ambulances.Values.Select(a => a.ObservedAt)).Max();

    /// <summary>The view of NGSI-LD normalized entities of <see cref="Types"/>; other entities are ignored.</summary>
    public static HealthSnapshot From(IEnumerable<JsonElement> entities, DateTimeOffset readAt)
    {
        var byType = entities.Select(e => new NgsiEntity(e)).ToLookup(e => e.Type, StringComparer.Ordinal);
        var wardList = byType[EntityTypes.HospitalWard]
            .Select(w => (w.Id, Hospital: w.ObjectOrNull("refHospital"), Type: BedTypes.IsKnown(w.TextOrNull("bedType")) ? w.TextOrNull("bedType")! : BedTypes.General,
                Capacity: Count(w, "bedCapacity"), Occupied: Count(w, "bedsOccupied")))
            .Where(w => w.Hospital is not null)
            .ToArray();
        var wards = wardList.ToLookup(w => w.Hospital!, StringComparer.Ordinal);

        var hospitals = byType[EntityTypes.Hospital].Select(h =>
        {
            var beds = new Dictionary<string, BedCount>(StringComparer.Ordinal);
            foreach (var type in BedTypes.All)
            {
                var ofType = wards[h.Id].Where(w => w.Type == type).ToArray();
                // The hospital's own count (its bed-management system or a SANER report) first, else its wards' sum.
                var capacity = Count(h, BedTypes.CapacityAttribute(type)) ?? (ofType.Length > 0 ? ofType.Sum(w => w.Capacity ?? 0) : null);
                var occupied = Count(h, BedTypes.OccupiedAttribute(type)) ?? (ofType.Any(w => w.Occupied is not null) ? ofType.Sum(w => w.Occupied ?? 0) : null);
                if (capacity is null && occupied is null) continue;
                beds[type] = new BedCount(capacity ?? 0, occupied ?? 0);
            }
            // A hospital known only from SANER totals: its inpatient beds less ICU count as general.
            if (!beds.ContainsKey(BedTypes.General) && Count(h, "bedsInpatient") is { } inpatient)
                beds[BedTypes.General] = new BedCount(inpatient - beds.GetValueOrDefault(BedTypes.Icu).Capacity,
                    (Count(h, "bedsOccupied") ?? 0) - beds.GetValueOrDefault(BedTypes.Icu).Occupied);
            EdState? ed = h.Flag("emergencyDepartment")
                ? new EdState(Count(h, "edArrivals") ?? 0, Count(h, "edPatients") ?? 0, Count(h, "edWaiting") ?? 0, Count(h, "edBoarding") ?? 0,
                    Count(h, "edCubicles") ?? 0)
                : null;
            return new HospitalState(h.Id, h.TextOrNull("name") ?? h.Id, h.Location?.Anchor, h.ObjectOrNull("refRoadSegment"), beds, ed,
                Count(h, "admissions"), h.TextOrNull("diversionStatus"), h.ObjectOrNull("divertTo") ?? h.TextOrNull("divertTo"),
                Time(h, "divertUntil"), Newest(h, "bedsOccupied", "icuBedsOccupied", "edPatients")) { SurgeBeds = Count(h, "surgeBeds") ?? 0 };
        }).ToDictionary(h => h.Id, StringComparer.Ordinal);

        var stations = byType[EntityTypes.AmbulanceStation]
            .Select(s => new StationState(s.Id, s.TextOrNull("name") ?? s.Id, s.Location?.Anchor, s.ObjectOrNull("refRoadSegment"), s.ObjectOrNull("refHospital")))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        var ambulances = byType[EntityTypes.Vehicle].Where(v => v.TextOrNull("vehicleType") == "ambulance")
            .Select(v => new AmbulanceState(v.Id, v.TextOrNull("name") ?? v.Id, v.TextOrNull("emergencyStatus") ?? AmbulanceStatus.Available, v.Location?.Anchor,
                v.ObjectOrNull("refRoadSegment"), v.ObjectOrNull("refAmbulanceStation"), v.ObjectOrNull("refEmergencyCall"), v.ObjectOrNull("refHospital"),
                Newest(v, "emergencyStatus", "location"))
            {
                SceneRoute = RoadList(v, Dispatch.DispatchProposals.SceneRoute), HospitalRoute = RoadList(v, Dispatch.DispatchProposals.HospitalRoute),
            })
            .ToDictionary(a => a.Id, StringComparer.Ordinal);
        var calls = byType[EntityTypes.EmergencyCall]
            .Select(c => new CallState(c.Id, c.Location?.Anchor, c.ObjectOrNull("refRoadSegment"), c.TextOrNull("priority") ?? "urgent",
                BedTypes.IsKnown(c.TextOrNull("bedType")) ? c.TextOrNull("bedType")! : BedTypes.General, c.TextOrNull("status") ?? "received",
                Time(c, "receivedAt"), c.ObjectOrNull("refVehicle"), c.ObjectOrNull("refHospital")))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        var roads = byType[EntityTypes.RoadSegment]
            .Select(r => r.Location is LineString line ? new RoadLine(r.Id, line.Coordinates, r.ObjectOrNull("refStartIntersection"), r.ObjectOrNull("refEndIntersection"),
                r.TextOrNull("status") == "closed", r.ObjectOrNull("refIncident")) : null)
            .OfType<RoadLine>().OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        var byEnds = roads.Where(r => r.Start is not null && r.End is not null).ToLookup(r => (r.Start!, r.End!));
        var directions = roads.ToDictionary(r => r.Id,
            r => (IReadOnlyList<string>)[r.Id, .. r.Start is null || r.End is null ? [] : byEnds[(r.End, r.Start)].Select(o => o.Id)], StringComparer.Ordinal);
        return new HealthSnapshot
        {
            Hospitals = hospitals, Wards = wardList.ToDictionary(w => w.Id, w => new WardState(w.Id, w.Hospital!, w.Type, w.Capacity), StringComparer.Ordinal),
            Stations = stations, Ambulances = ambulances, Calls = calls, Roads = roads, ReadAt = readAt, _directions = directions,
        };
    }

    /// <summary>A property holding road ids (a planned route); empty when absent or not a list of strings.</summary>
    private static string[] RoadList(NgsiEntity entity, string attribute) =>
        entity.Value(attribute) is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
            : [];

    private IReadOnlyDictionary<string, IReadOnlyList<string>> _directions = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// A road and its opposite direction (the road between the same intersections the other way): a place beside a
    /// street is reached, and left, by either. A street at the network's edge has one direction that only leaves it
    /// and one that only comes in, so a route needs both to choose from.
    /// </summary>
    public IReadOnlyList<string> BothDirections(string road) => _directions.TryGetValue(road, out var both) ? both : [road];

    /// <summary>
    /// The open roads a place on <paramref name="road"/> is reached or left by: the street's open directions, else (the
    /// street closed both ways, as a flood closes it) the open roads at either of its intersections, which a crew
    /// leaves the scene by on foot or by the flooded street's end.
    /// </summary>
    public IReadOnlyList<string> OpenWays(string road)
    {
        var closed = Roads.Where(r => r.Closed).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var open = BothDirections(road).Where(r => !closed.Contains(r)).ToArray();
        if (open.Length > 0) return open;
        var line = Roads.FirstOrDefault(r => r.Id == road);
        if (line is null) return [];
        var ends = new[] { line.Start, line.End }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. Roads.Where(r => !r.Closed && (r.Start is { } a && ends.Contains(a) || r.End is { } b && ends.Contains(b))).Select(r => r.Id)];
    }

    /// <summary>The road nearest a point (its centreline), or null without roads: where a caller joins the network.</summary>
    public string? NearestRoad(Position p)
    {
        string? best = null;
        var bestDistance = double.PositiveInfinity;
        foreach (var road in Roads)
        {
            for (var i = 1; i < road.Points.Count; i++)
            {
                var d = GeoMath.PointToSegmentMetres(p, road.Points[i - 1], road.Points[i]);
                if (d < bestDistance) (best, bestDistance) = (road.Id, d);
            }
        }
        return best;
    }

    private static int? Count(NgsiEntity e, string attribute) => e.NumberOrNull(attribute) is { } v ? (int)Math.Round(v) : null;

    private static DateTimeOffset? Time(NgsiEntity e, string attribute) =>
        e.Value(attribute) is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("@value", out var v) && v.TryGetDateTimeOffset(out var at) ? at
        : e.Value(attribute) is { ValueKind: JsonValueKind.String } s && s.TryGetDateTimeOffset(out var text) ? text
        : null;

    private static DateTimeOffset? Newest(NgsiEntity e, params string[] attributes) => attributes.Select(e.ObservedAt).Max();
}
