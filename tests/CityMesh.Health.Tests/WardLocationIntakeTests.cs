using System.Collections.Concurrent;
using CityMesh.Health.Fhir;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using Hl7.Fhir.Model;
using static CityMesh.Health.Tests.HealthEntities;
using Task = System.Threading.Tasks.Task;

namespace CityMesh.Health.Tests;

/// <summary>
/// Wards' bed Locations through the FHIR intake: a ward sent with its beds becomes the twin ward's counts on the bus;
/// wrong types, lost beds, unknown wards and unknown statuses are refused by element, and then nothing is taken.
/// </summary>
public sealed class WardLocationIntakeTests : IAsyncDisposable
{
    private static readonly DateTimeOffset CountedAt = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly string GeneralWard = Id("HospitalWard", "h1-w1"), IntensiveCare = Id("HospitalWard", "h1-icu1");

    private readonly InMemoryEventBus _bus = new();
    private readonly ConcurrentQueue<CloudEvent> _published = new();
    private readonly HealthView _view = new();
    private readonly FhirIntake _intake;

    public WardLocationIntakeTests()
    {
        _bus.Subscribe(Topics.TelemetryRaw, "test-tap", (e, _) => { _published.Enqueue(e); return Task.CompletedTask; });
        _view.Publish(HealthSnapshot.From(
        [
            Hospital("h1", 100, 80, 20, 10, CountedAt), Hospital("h2", 100, 80, 20, 10, CountedAt),
            Ward("h1-w1", "h1"), Ward("h1-icu1", "h1", "icu", 16), Ward("h2-w1", "h2"),
        ], CountedAt));
        _intake = new FhirIntake(_bus, City, _view);
    }

    public async ValueTask DisposeAsync() => await _bus.DisposeAsync();

    private static string WardLocation(string id = "h1-w1", string? partOf = "Location/h1", string? physicalType = "wa", string identifier = "") => $$"""
        { "resourceType": "Location", "id": "{{id}}", "status": "active", "name": "General ward 1", "mode": "instance"{{identifier}}
          {{Coded(physicalType)}}{{PartOf(partOf)}} }
        """;

    private static string BedLocation(string id, string? bedStatus, string? ward = "Location/h1-w1", string status = "active", string? physicalType = "bd",
        string bedStatuses = WardLocations.BedStatuses) => $$"""
        { "resourceType": "Location", "id": "{{id}}", "status": "{{status}}", "mode": "instance"
          {{(bedStatus is null ? "" : $$""", "operationalStatus": { "system": "{{bedStatuses}}", "code": "{{bedStatus}}" }""")}}
          {{Coded(physicalType)}}{{PartOf(ward)}} }
        """;

    private static string Coded(string? physicalType) => physicalType is null ? "" :
        $$""", "physicalType": { "coding": [ { "system": "{{WardLocations.PhysicalTypes}}", "code": "{{physicalType}}" } ] }""";

    private static string PartOf(string? reference) => reference is null ? "" : $$""", "partOf": { "reference": "{{reference}}" }""";

    private static string Bundle(IEnumerable<string> resources, string? timestamp = "2026-12-06T10:00:00Z") => $$"""
        { "resourceType": "Bundle", "type": "collection"{{(timestamp is null ? "" : $", \"timestamp\": \"{timestamp}\"")}},
          "entry": [ {{string.Join(",\n", resources.Select(r => r.StartsWith("{ \"fullUrl\"", StringComparison.Ordinal) ? r : $"{{ \"resource\": {r} }}"))}} ] }
        """;

    /// <summary>General ward 1 of h1 with its beds: 3 occupied, 1 free, 3 out of service, 1 no longer used.</summary>
    private static List<string> GoodWard() =>
    [
        WardLocation(),
        BedLocation("h1-w1-b1", "O"), BedLocation("h1-w1-b2", "O"), BedLocation("h1-w1-b3", "O"),
        BedLocation("h1-w1-b4", "U"),
        BedLocation("h1-w1-b5", "C"), BedLocation("h1-w1-b6", "H"),
        BedLocation("h1-w1-b7", "U", status: "suspended"), // taken out for the day: not free, whatever it says
        BedLocation("h1-w1-b8", null, status: "inactive"), // removed from the ward: counted nowhere
    ];

    private Dictionary<string, double> ReadingsFor(string entity) => _published.Where(e => e.Subject == entity)
        .SelectMany(e => TelemetryContent.Parse(e).Readings).ToDictionary(r => r.Attribute, r => r.Number);

    private async Task Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "not published within 5 s");
    }

    [Fact]
    public async Task A_ward_with_its_beds_becomes_the_twin_wards_counts_on_the_bus()
    {
        var result = await _intake.TakeAsync(Bundle(GoodWard()), CancellationToken.None);

        Assert.Null(result.Refusal);
        Assert.Equal([GeneralWard], result.Entities);
        Assert.Equal(3, result.Readings);
        await Eventually(() => ReadingsFor(GeneralWard).Count == 3);
        Assert.Equal(new Dictionary<string, double> { ["bedsOccupied"] = 3, ["bedsFree"] = 1, ["bedsOutOfService"] = 3 }, ReadingsFor(GeneralWard));
        var readings = _published.SelectMany(e => TelemetryContent.Parse(e).Readings).ToList();
        Assert.All(readings, r => Assert.Equal(CountedAt, r.ObservedAt.ToDateTimeOffset()));
        Assert.All(_published, e => Assert.Equal((FhirIntake.Source, GeneralWard), (e.Source, e.Subject))); // nothing on the hospital
    }

    [Fact]
    public async Task Wards_referenced_by_fullUrl_or_named_by_identifier_and_a_SANER_report_are_taken_together()
    {
        // The intensive care unit has a bed-management id of its own and names the twin's ward by identifier; its beds
        // point at it by the entry's fullUrl, as a transaction Bundle does before ids are assigned.
        string icu = WardLocation("bms-4711", identifier: $$""", "identifier": [ { "system": "urn:ietf:rfc:3986", "value": "{{IntensiveCare}}" } ]""");
        string report = """
            { "resourceType": "MeasureReport", "status": "complete", "type": "summary",
              "measure": "http://hl7.org/fhir/uv/saner/Measure/CDCPatientImpactAndHospitalCapacity",
              "subject": { "reference": "Location/h1" }, "period": { "start": "2026-12-05T10:00:00Z", "end": "2026-12-06T10:00:00Z" },
              "group": [ { "population": [ { "code": { "coding": [ { "code": "numBedsOcc" } ] }, "count": 93 } ] } ] }
            """;
        var resources = new List<string>(GoodWard())
        {
            $$"""{ "fullUrl": "urn:uuid:5b0c1f3e-0c1a-4c3b-9a57-3f4c8e0b9d21", "resource": {{icu}} }""",
            BedLocation("icu-b1", "O", ward: "urn:uuid:5b0c1f3e-0c1a-4c3b-9a57-3f4c8e0b9d21"),
            BedLocation("icu-b2", "I", ward: "urn:uuid:5b0c1f3e-0c1a-4c3b-9a57-3f4c8e0b9d21"),
            report,
        };

        var result = await _intake.TakeAsync(Bundle(resources), CancellationToken.None);

        Assert.Null(result.Refusal);
        Assert.Equal([Id("Hospital", "h1"), GeneralWard, IntensiveCare], result.Entities);
        Assert.Equal(7, result.Readings);
        await Eventually(() => ReadingsFor(IntensiveCare).Count == 3 && ReadingsFor(Id("Hospital", "h1")).Count == 1);
        Assert.Equal(new Dictionary<string, double> { ["bedsOccupied"] = 1, ["bedsFree"] = 0, ["bedsOutOfService"] = 1 }, ReadingsFor(IntensiveCare));
        Assert.Equal(93, ReadingsFor(Id("Hospital", "h1"))["bedsOccupied"]);
        Assert.Equal(3, ReadingsFor(GeneralWard)["bedsOccupied"]);
    }

    /// <summary>The good ward with one thing wrong, the element that must be named, and the issue's code.</summary>
    public static TheoryData<string, string, OperationOutcome.IssueType> BadBundles() => new()
    {
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation(physicalType: null))), "Bundle.entry[0].resource.physicalType", OperationOutcome.IssueType.Required },
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation(physicalType: "ro"))), "Bundle.entry[0].resource.physicalType", OperationOutcome.IssueType.NotSupported },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", physicalType: null)]), "Bundle.entry[9].resource.physicalType", OperationOutcome.IssueType.Required },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", ward: null)]), "Bundle.entry[9].resource.partOf", OperationOutcome.IssueType.Required },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", ward: "Location/h1-w2")]), "Bundle.entry[9].resource.partOf.reference", OperationOutcome.IssueType.NotFound },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", ward: "Location/h1-w1-b1")]), "Bundle.entry[9].resource.partOf.reference", OperationOutcome.IssueType.BusinessRule },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b1", "U")]), "Bundle.entry[9].resource.id", OperationOutcome.IssueType.BusinessRule },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "X")]), "Bundle.entry[9].resource.operationalStatus.code", OperationOutcome.IssueType.Value },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", bedStatuses: "http://terminology.hl7.org/CodeSystem/v2-0117")]),
            "Bundle.entry[9].resource.operationalStatus.system", OperationOutcome.IssueType.Value },
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", null)]), "Bundle.entry[9].resource.operationalStatus", OperationOutcome.IssueType.Required },
        // The ward: unknown to the twin, a ward of another hospital, or of none.
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation("h1-w9")).Select(r => r.Replace("Location/h1-w1\"", "Location/h1-w9\"", StringComparison.Ordinal))),
            "Bundle.entry[0].resource.id", OperationOutcome.IssueType.NotFound },
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation(partOf: "Location/h2"))), "Bundle.entry[0].resource.partOf.reference", OperationOutcome.IssueType.BusinessRule },
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation(partOf: "Organization/h1"))), "Bundle.entry[0].resource.partOf.reference", OperationOutcome.IssueType.Value },
        { Bundle(GoodWard().Skip(1).Prepend(WardLocation(partOf: null))), "Bundle.entry[0].resource.partOf", OperationOutcome.IssueType.Required },
        { Bundle([WardLocation()]), "Bundle.entry[0].resource", OperationOutcome.IssueType.Required }, // a ward without its beds
        { Bundle(GoodWard(), timestamp: null), "Bundle.timestamp", OperationOutcome.IssueType.Required },
        // Not FHIR: the parser names the element.
        { Bundle([.. GoodWard(), BedLocation("h1-w1-b9", "U", status: "closed")]), "Bundle.entry[9].resource.status", OperationOutcome.IssueType.Structure },
        // A Location alone: a ward's counts need its beds and the Bundle's timestamp.
        { WardLocation(), "Location", OperationOutcome.IssueType.NotSupported },
    };

    [Theory]
    [MemberData(nameof(BadBundles))]
    public async Task A_bad_ward_or_bed_is_refused_naming_its_element_and_nothing_is_taken(string json, string expression, OperationOutcome.IssueType code)
    {
        var result = await _intake.TakeAsync(json, CancellationToken.None);

        var issues = result.Refusal!.Issue;
        Console.Error.WriteLine(string.Join("\n", issues.Select(i => $"{i.Code} [{i.Expression.SingleOrDefault()}] {i.Diagnostics}")));
        Assert.Contains(issues, i => (i.Expression.Single(), i.Code) == (expression, code));
        Assert.All(issues, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
        Assert.All(issues, i => Assert.False(string.IsNullOrEmpty(i.Diagnostics)));
        Assert.Empty(result.Entities);
        await Task.Delay(50);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Every_problem_of_a_mixed_bundle_is_listed_and_its_good_entries_are_not_taken()
    {
        string report = """
            { "resourceType": "MeasureReport", "status": "pending", "type": "summary",
              "measure": "http://hl7.org/fhir/uv/saner/Measure/CDCPatientImpactAndHospitalCapacity",
              "subject": { "reference": "Location/h1" }, "period": { "start": "2026-12-05T10:00:00Z", "end": "2026-12-06T10:00:00Z" },
              "group": [ { "population": [ { "code": { "coding": [ { "code": "numBedsOcc" } ] }, "count": 93 } ] } ] }
            """;
        var resources = new List<string>(GoodWard())
        {
            BedLocation("h1-w1-b9", "Z"),                           // entry 9
            BedLocation("h1-w1-b10", "U", ward: null),              // entry 10
            WardLocation("h2-w1", partOf: "Location/h2"),            // entry 11: a good ward, whose only bed is lost
            BedLocation("h2-w1-b1", "O", ward: "Location/h2-w7"),   // entry 12
            report,                                                 // entry 13
            """{ "resourceType": "Patient", "active": true }""",    // entry 14
        };

        var result = await _intake.TakeAsync(Bundle(resources), CancellationToken.None);

        var expressions = result.Refusal!.Issue.Select(i => i.Expression.Single()).ToList();
        Assert.Equal(
        [
            "Bundle.entry[14].resource",
            "Bundle.entry[13].resource.status",
            "Bundle.entry[9].resource.operationalStatus.code",
            "Bundle.entry[10].resource.partOf",
            "Bundle.entry[12].resource.partOf.reference",
            "Bundle.entry[11].resource",
        ], expressions);
        await Task.Delay(100);
        Assert.Empty(_published); // the good ward in the same call is not taken either
    }

    [Fact]
    public async Task Locations_wait_for_the_twin_to_be_read_and_say_so()
    {
        var intake = new FhirIntake(_bus, City, new HealthView());

        var result = await intake.TakeAsync(Bundle(GoodWard()), CancellationToken.None);

        var issue = Assert.Single(result.Refusal!.Issue);
        Assert.Equal((OperationOutcome.IssueType.Transient, "Bundle"), (issue.Code, issue.Expression.Single()));
        await Task.Delay(50);
        Assert.Empty(_published);
    }
}
