using CityMesh.Contracts.Twin;
using CityMesh.Health.Twin;
using CityMesh.Messaging.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Hl7.Fhir.Model;

namespace CityMesh.Health.Fhir;

/// <summary>A Location from the call and where it sits in it: its FHIRPath and its Bundle entry's fullUrl (what references may use).</summary>
public sealed record LocationEntry(Location Location, string Path, string? FullUrl = null);

/// <summary>One ward's counted beds as readings of the twin's HospitalWard.</summary>
public sealed record WardCounts(string Ward, IReadOnlyList<Reading> Readings);

/// <summary>
/// Bed state as hospitals' bed-management systems report it (HL7 bed management, SANER's Location profile): a ward is a
/// Location of physical type <c>wa</c>, part of its hospital; each bed a Location of type <c>bd</c>, part of its ward,
/// its state in <c>operationalStatus</c> (HL7 v2 table 0116). A ward sent with all its beds gives the ward's counts
/// (<see cref="Attributes"/>), observed when the Bundle was assembled (<c>Bundle.timestamp</c>), because a Location
/// carries no time of its own. The ward names the twin's HospitalWard by its id (<c>h1-w3</c>, the twin's local id) or
/// an identifier holding its full URN, and must be a ward of the hospital its <c>partOf</c> names, as the twin holds
/// it: counts for a ward the twin does not know would only be dead-lettered, out of the sender's sight.
/// </summary>
public static class WardLocations
{
    public const string PhysicalTypes = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    public const string BedStatuses = "http://terminology.hl7.org/CodeSystem/v2-0116";
    public const string Ward = "wa", Bed = "bd";

    /// <summary>The twin's HospitalWard attributes written: occupied as the telemetry simulator reports it, and the two counts only FHIR gives.</summary>
    public const string Occupied = "bedsOccupied", Free = "bedsFree", OutOfService = "bedsOutOfService";

    /// <summary>
    /// v2-0116 bed status → the count it falls in. Only an unoccupied bed takes a patient now: one being cleaned,
    /// isolated (kept empty beside an isolated patient) or contaminated is out of service as a closed one is.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["O"] = Occupied,
        ["U"] = Free,
        ["C"] = OutOfService,
        ["H"] = OutOfService,
        ["I"] = OutOfService,
        ["K"] = OutOfService,
    };

    /// <summary>
    /// Each ward's counts, or the problems that keep them all out (each naming its element). <paramref name="countedAt"/>
    /// is the Bundle's timestamp (<paramref name="countedAtPath"/> names it); <paramref name="twin"/> says which wards exist.
    /// </summary>
    public static (IReadOnlyList<WardCounts> Wards, IReadOnlyList<FhirProblem> Problems) Map(
        IReadOnlyList<LocationEntry> entries, DateTimeOffset? countedAt, string countedAtPath, HealthSnapshot twin, string city)
    {
        var problems = new List<FhirProblem>();
        if (countedAt is null)
            problems.Add(new(OperationOutcome.IssueType.Required, countedAtPath, "timestamp is required with Locations: when the beds' states were read"));

        // Each Location answers to Location/{id} and to its entry's fullUrl, as references inside a Bundle resolve.
        var byReference = new Dictionary<string, (LocationEntry Entry, string? Kind)>(StringComparer.Ordinal);
        var kinds = entries.Select(e => (Entry: e, Kind: KindOf(e, problems))).ToList();
        foreach (var (entry, kind) in kinds)
            foreach (var key in ReferencesTo(entry))
                if (!byReference.TryAdd(key, (entry, kind)))
                    problems.Add(new(OperationOutcome.IssueType.BusinessRule, $"{entry.Path}.id", $"{key} is sent twice; each Location once"));

        // Each ward's beds by the count they fall in; an inactive bed is listed (the ward was sent with beds) but counts in none.
        var wards = new Dictionary<LocationEntry, (string? Id, List<string?> Beds)>(ReferenceEqualityComparer.Instance);
        var twinWards = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, _) in kinds.Where(k => k.Kind == Ward))
        {
            string? id = WardOf(entry, twin, city, problems);
            if (id is not null && !twinWards.Add(id))
                problems.Add(new(OperationOutcome.IssueType.BusinessRule, entry.Path, $"ward {id} is sent twice; send each ward once with all its beds"));
            wards[entry] = (id, []);
        }
        foreach (var (entry, _) in kinds.Where(k => k.Kind == Bed))
        {
            var ward = WardOfBed(entry, byReference, problems);
            var attribute = CountOf(entry, problems);
            if (ward is not null) wards[ward].Beds.Add(attribute);
        }
        foreach (var (entry, (_, beds)) in wards)
            if (beds.Count == 0)
                problems.Add(new(OperationOutcome.IssueType.Required, entry.Path, "a ward needs its bed Locations (physicalType bd, partOf the ward) in the same Bundle"));

        if (problems.Count > 0) return ([], problems);
        var at = Timestamp.FromDateTimeOffset(countedAt!.Value);
        return (wards.Values.Select(w => new WardCounts(w.Id!,
        [
            .. new[] { Occupied, Free, OutOfService }.Select(a => new Reading { EntityId = w.Id!, Attribute = a, Number = w.Beds.Count(b => b == a), ObservedAt = at }),
        ])).ToList(), []);
    }

    /// <summary><see cref="Ward"/> or <see cref="Bed"/>, or null with the problem noted.</summary>
    private static string? KindOf(LocationEntry entry, List<FhirProblem> problems)
    {
        var codes = entry.Location.PhysicalType?.Coding.Where(c => c.System == PhysicalTypes).Select(c => c.Code).ToList() ?? [];
        if (codes.Count == 0)
        {
            problems.Add(new(OperationOutcome.IssueType.Required, $"{entry.Path}.physicalType",
                $"physicalType is required: a coding of {PhysicalTypes}, '{Ward}' for a ward or '{Bed}' for a bed"));
            return null;
        }
        if (codes.FirstOrDefault(c => c is Ward or Bed) is { } kind) return kind;
        problems.Add(new(OperationOutcome.IssueType.NotSupported, $"{entry.Path}.physicalType",
            $"a Location of physical type '{string.Join("', '", codes)}' is not taken here; send wards ('{Ward}') and beds ('{Bed}')"));
        return null;
    }

    private static IEnumerable<string> ReferencesTo(LocationEntry entry)
    {
        if (!string.IsNullOrEmpty(entry.Location.Id)) yield return $"Location/{entry.Location.Id}";
        if (!string.IsNullOrEmpty(entry.FullUrl) && entry.FullUrl != $"Location/{entry.Location.Id}") yield return entry.FullUrl;
    }

    /// <summary>The twin's ward a ward Location names, checked against the twin and its <c>partOf</c> hospital.</summary>
    private static string? WardOf(LocationEntry entry, HealthSnapshot twin, string city, List<FhirProblem> problems)
    {
        var location = entry.Location;
        int urn = location.Identifier.FindIndex(i => TwinReferences.IsUrnOf(i.Value, EntityTypes.HospitalWard));
        var (id, at) = urn >= 0
            ? (location.Identifier[urn].Value, $"{entry.Path}.identifier[{urn}].value")
            : (TwinReferences.FromLocalId(location.Id, EntityTypes.HospitalWard, city), $"{entry.Path}.id");
        var hospital = TwinReferences.Resolve(location.PartOf?.Reference, EntityTypes.Hospital, city, "Location");
        if (location.PartOf?.Reference is null)
            problems.Add(new(OperationOutcome.IssueType.Required, $"{entry.Path}.partOf", "a ward must be partOf its hospital: Location/{id} or its urn:ngsi-ld:Hospital URN"));
        else if (hospital is null)
            problems.Add(new(OperationOutcome.IssueType.Value, $"{entry.Path}.partOf.reference",
                $"'{location.PartOf.Reference}' names no hospital: Location/{{id}} (the twin's Hospital id) or its urn:ngsi-ld:Hospital URN"));

        if (id is null)
        {
            problems.Add(new(OperationOutcome.IssueType.Required, at,
                "the ward must name the twin's HospitalWard: its id (the ward's local id, e.g. h1-w3) or an identifier holding its urn:ngsi-ld:HospitalWard URN"));
            return null;
        }
        if (!twin.Wards.TryGetValue(id, out var known))
        {
            problems.Add(new(OperationOutcome.IssueType.NotFound, at, $"the twin has no ward {id}"));
            return null;
        }
        if (hospital is not null && hospital != known.Hospital)
            problems.Add(new(OperationOutcome.IssueType.BusinessRule, $"{entry.Path}.partOf.reference", $"ward {id} is a ward of {known.Hospital}, not of {hospital}"));
        return id;
    }

    /// <summary>The ward Location in the Bundle a bed is <c>partOf</c>, or null with the problem noted.</summary>
    private static LocationEntry? WardOfBed(LocationEntry entry, Dictionary<string, (LocationEntry Entry, string? Kind)> byReference, List<FhirProblem> problems)
    {
        var reference = entry.Location.PartOf?.Reference;
        if (string.IsNullOrEmpty(reference))
        {
            problems.Add(new(OperationOutcome.IssueType.Required, $"{entry.Path}.partOf", "a bed must be partOf its ward (Location/{id} of a ward in the same Bundle)"));
            return null;
        }
        if (!byReference.TryGetValue(reference, out var ward))
        {
            problems.Add(new(OperationOutcome.IssueType.NotFound, $"{entry.Path}.partOf.reference",
                $"the bed's ward {reference} is not in the Bundle: send the ward's Location with its beds"));
            return null;
        }
        if (ward.Kind == Ward) return ward.Entry;
        // A ward whose physicalType is missing or wrong has its own problem already; a bed in a bed is this one's.
        if (ward.Kind == Bed)
            problems.Add(new(OperationOutcome.IssueType.BusinessRule, $"{entry.Path}.partOf.reference", $"{reference} is a bed, not a ward"));
        return null;
    }

    /// <summary>The count a bed falls in (<see cref="Attributes"/>), null when it counts in none (inactive) or with the problem noted.</summary>
    private static string? CountOf(LocationEntry entry, List<FhirProblem> problems)
    {
        var location = entry.Location;
        var status = location.OperationalStatus;
        string? attribute = null;
        if (status is null)
        {
            if (location.Status is null or Location.LocationStatus.Active)
                problems.Add(new(OperationOutcome.IssueType.Required, $"{entry.Path}.operationalStatus",
                    $"an active bed needs its operationalStatus: a coding of {BedStatuses} ({string.Join(", ", Attributes.Keys)})"));
        }
        else if (status.System != BedStatuses)
            problems.Add(new(OperationOutcome.IssueType.Value, $"{entry.Path}.operationalStatus.system", $"bed status is coded in {BedStatuses}, not '{status.System}'"));
        else if (status.Code is null || !Attributes.TryGetValue(status.Code, out attribute))
            problems.Add(new(OperationOutcome.IssueType.Value, $"{entry.Path}.operationalStatus.code",
                $"unknown bed status '{status.Code}': {BedStatuses} has {string.Join(", ", Attributes.Keys)}"));
        // A bed no longer in use is not counted at all; one suspended is out of service, whatever it said before.
        return location.Status switch
        {
            Location.LocationStatus.Inactive => null,
            Location.LocationStatus.Suspended => OutOfService,
            _ => attribute,
        };
    }
}
