using System.Collections.Concurrent;
using CityMesh.Health.Fhir;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using Hl7.Fhir.Model;

namespace CityMesh.Health.Tests;

/// <summary>Hospitals' SANER capacity reports through the FHIR intake onto the bus as the twin's readings; bad ones refused by element.</summary>
public sealed class FhirIntakeTests : IAsyncDisposable
{
    private readonly InMemoryEventBus _bus = new();
    private readonly ConcurrentQueue<CloudEvent> _published = new();
    private readonly FhirIntake _intake;

    public FhirIntakeTests()
    {
        _bus.Subscribe(Topics.TelemetryRaw, "test-tap", (e, _) => { _published.Enqueue(e); return System.Threading.Tasks.Task.CompletedTask; });
        _intake = new FhirIntake(_bus, "jinan", new CityMesh.Health.Twin.HealthView());
    }

    public async ValueTask DisposeAsync() => await _bus.DisposeAsync();

    /// <summary>A SANER bed-capacity report as hospitals send it (the CDC patient-impact measure's codes).</summary>
    private static string Report(string subject = "Location/h1", string status = "complete", string beds = "500", string extra = "") => $$"""
        {
          "resourceType": "MeasureReport",
          "status": "{{status}}",
          "type": "summary",
          "measure": "http://hl7.org/fhir/uv/saner/Measure/CDCPatientImpactAndHospitalCapacity",
          "subject": { "reference": "{{subject}}" },
          "date": "2026-12-06T10:05:00Z",
          "period": { "start": "2026-12-05T10:00:00Z", "end": "2026-12-06T10:00:00Z" },
          "group": [ {
            "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasureGroupSystem", "code": "Beds" } ] },
            "population": [
              { "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues", "code": "numTotBeds" } ] }, "count": {{beds}} },
              { "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues", "code": "numBedsOcc" } ] }, "count": 412 },
              { "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues", "code": "numICUBeds" } ] }, "count": 24 },
              { "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues", "code": "numICUBedsOcc" } ] }, "count": 21 },
              { "code": { "coding": [ { "system": "http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues", "code": "numC19HospPats" } ] }, "count": 7 }
            ]{{extra}}
          } ]
        }
        """;

    private IReadOnlyList<Reading> ReadingsFor(string entity) =>
        _published.Where(e => e.Subject == entity).SelectMany(e => TelemetryContent.Parse(e).Readings).ToList();

    private async System.Threading.Tasks.Task Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await System.Threading.Tasks.Task.Delay(10);
        Assert.True(condition(), "not published within 5 s");
    }

    [Fact]
    public async System.Threading.Tasks.Task A_SANER_report_becomes_the_hospitals_readings_on_the_bus()
    {
        var result = await _intake.TakeAsync(Report(), CancellationToken.None);

        Assert.Null(result.Refusal);
        const string hospital = "urn:ngsi-ld:Hospital:jinan:h1";
        Assert.Equal([hospital], result.Entities);
        Assert.Equal(4, result.Readings); // the COVID-19 patients count is not a bed count
        await Eventually(() => ReadingsFor(hospital).Count == 4);
        var readings = ReadingsFor(hospital).ToDictionary(r => r.Attribute, r => r.Number);
        Assert.Equal(new Dictionary<string, double> { ["bedsTotal"] = 500, ["bedsOccupied"] = 412, ["icuBeds"] = 24, ["icuBedsOccupied"] = 21 }, readings);
        Assert.All(ReadingsFor(hospital), r => Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), r.ObservedAt.ToDateTimeOffset()));
        Assert.All(_published, e => Assert.Equal(FhirIntake.Source, e.Source));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_bundle_updates_each_of_its_hospitals_and_a_full_urn_names_one_directly()
    {
        var bundle = $$"""
            { "resourceType": "Bundle", "type": "collection", "entry": [
              { "resource": {{Report("Location/h1")}} },
              { "resource": {{Report("urn:ngsi-ld:Hospital:jinan:h2", beds: "300")}} } ] }
            """;
        var result = await _intake.TakeAsync(bundle, CancellationToken.None);
        Assert.Null(result.Refusal);
        Assert.Equal(["urn:ngsi-ld:Hospital:jinan:h1", "urn:ngsi-ld:Hospital:jinan:h2"], result.Entities);
        await Eventually(() => ReadingsFor("urn:ngsi-ld:Hospital:jinan:h2").Count == 4);
        Assert.Contains(ReadingsFor("urn:ngsi-ld:Hospital:jinan:h2"), r => r.Attribute == "bedsTotal" && r.Number == 300);
    }

    [Theory]
    // Not FHIR: the SDK's strict parser names the element.
    [InlineData("""{ "resourceType": "MeasureReport", "status": "complete", "type": "summary", "bedz": 3 }""", "MeasureReport.bedz", OperationOutcome.IssueType.Structure)]
    [InlineData("""{ "resourceType": "MeasureReport", "status": "finished", "type": "summary" }""", "MeasureReport.status", OperationOutcome.IssueType.Structure)]
    [InlineData("""{ "resourceType": "MeasureReport", "status": "complete", "type": "summary", "period": { "end": "2026-12-06" } }""", "MeasureReport.measure", OperationOutcome.IssueType.Structure)]
    [InlineData("""{ "status": "complete" }""", "", OperationOutcome.IssueType.Structure)]
    // FHIR, but not a capacity report this service can take.
    [InlineData("""{ "resourceType": "Patient", "active": true }""", "Patient", OperationOutcome.IssueType.NotSupported)]
    public async System.Threading.Tasks.Task What_does_not_parse_or_is_not_a_report_is_refused_with_an_OperationOutcome(string json, string expression, OperationOutcome.IssueType code)
    {
        var result = await _intake.TakeAsync(json, CancellationToken.None);
        var issues = result.Refusal!.Issue;
        Console.Error.WriteLine(string.Join("\n", issues.Select(i => $"{i.Code} [{i.Expression.SingleOrDefault()}] {i.Diagnostics}")));
        Assert.All(issues, i => Assert.Equal((OperationOutcome.IssueSeverity.Error, code), (i.Severity, i.Code)));
        Assert.All(issues, i => Assert.False(string.IsNullOrEmpty(i.Diagnostics)));
        if (expression.Length > 0)
            Assert.Contains(issues, i => i.Expression.Single()?.StartsWith(expression, StringComparison.Ordinal) == true);
        Assert.Empty(result.Entities);
        Assert.Empty(_published);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_report_that_breaks_the_rules_is_refused_naming_each_element_and_nothing_of_the_call_is_taken()
    {
        var bundle = $$"""
            { "resourceType": "Bundle", "type": "collection", "entry": [
              { "resource": {{Report("Location/h1")}} },
              { "resource": {{Report("Patient/p9", status: "pending", beds: "-5")}} } ] }
            """;
        var result = await _intake.TakeAsync(bundle, CancellationToken.None);
        var expressions = result.Refusal!.Issue.Select(i => i.Expression.Single()).ToList();
        Assert.Contains("Bundle.entry[1].resource.status", expressions);
        Assert.Contains("Bundle.entry[1].resource.subject", expressions);
        Assert.Contains("Bundle.entry[1].resource.group[0].population[0].count", expressions);
        Assert.Empty(result.Entities);
        await System.Threading.Tasks.Task.Delay(100);
        Assert.Empty(_published); // the good report in the same call is not taken either
    }
}
