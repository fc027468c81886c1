using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The health service's FHIR intake end to end: <c>--target all</c> with the seeded city (its hospitals h1, h2, ...),
/// a hospital's SANER capacity report posted over HTTP, its counts in the twin moments later through the bus; bad
/// reports refused with a FHIR OperationOutcome naming the element; only telemetry writers may post.
/// </summary>
public sealed class HealthFhirIntakeTests : IAsyncLifetime
{
    private const string Hospital = "urn:ngsi-ld:Hospital:jinan:h1";
    private AllInOneJinan _city = null!;
    private HttpClient _provider = null!;
    private HttpClient _viewer => _city.Viewer;

    public async Task InitializeAsync()
    {
        _city = await AllInOneJinan.StartAsync();
        _provider = _city.ClientAs("data-provider");
    }

    public async Task DisposeAsync()
    {
        _provider.Dispose();
        await _city.DisposeAsync();
    }

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private const string Report = """
        { "resourceType": "MeasureReport", "status": "complete", "type": "summary",
          "measure": "http://hl7.org/fhir/uv/saner/Measure/CDCPatientImpactAndHospitalCapacity",
          "subject": { "reference": "Location/h1" }, "period": { "start": "2026-12-05T10:00:00Z", "end": "2026-12-06T10:00:00Z" },
          "group": [ { "population": [
            { "code": { "coding": [ { "code": "numTotBeds" } ] }, "count": 500 },
            { "code": { "coding": [ { "code": "numBedsOcc" } ] }, "count": 412 } ] } ] }
        """;

    [Fact]
    public async Task A_hospitals_SANER_report_reaches_its_twin_entity()
    {
        using var response = await _provider.PostAsync("health/fhir", Fhir(Report));
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("OperationOutcome", body, StringComparison.Ordinal);
        Assert.Contains(Hospital, body, StringComparison.Ordinal);

        double? occupied = null;
        for (int i = 0; i < 100 && occupied != 412; i++)
        {
            await Task.Delay(100);
            var entity = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(Hospital)}?options=keyValues");
            occupied = entity.TryGetProperty("bedsOccupied", out var value) ? value.GetDouble() : null;
        }
        Assert.Equal(412, occupied);
    }

    private const string Ward = "urn:ngsi-ld:HospitalWard:jinan:h1-w1";

    /// <summary>Every seeded hospital has general ward 1; its bed-management system sends it with three beds.</summary>
    private const string WardBundle = """
        { "resourceType": "Bundle", "type": "collection", "timestamp": "2026-12-06T10:00:00Z", "entry": [
          { "resource": { "resourceType": "Location", "id": "h1-w1", "status": "active", "partOf": { "reference": "Location/h1" },
              "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "wa" } ] } } },
          { "resource": { "resourceType": "Location", "id": "h1-w1-b1", "status": "active", "partOf": { "reference": "Location/h1-w1" },
              "operationalStatus": { "system": "http://terminology.hl7.org/CodeSystem/v2-0116", "code": "O" },
              "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bd" } ] } } },
          { "resource": { "resourceType": "Location", "id": "h1-w1-b2", "status": "active", "partOf": { "reference": "Location/h1-w1" },
              "operationalStatus": { "system": "http://terminology.hl7.org/CodeSystem/v2-0116", "code": "U" },
              "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bd" } ] } } },
          { "resource": { "resourceType": "Location", "id": "h1-w1-b3", "status": "active", "partOf": { "reference": "Location/h1-w1" },
              "operationalStatus": { "system": "http://terminology.hl7.org/CodeSystem/v2-0116", "code": "K" },
              "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bd" } ] } } } ] }
        """;

    [Fact]
    public async Task A_wards_bed_Locations_reach_its_twin_entity()
    {
        // The intake checks wards against the twin, which the health service reads at start: 503 until then.
        HttpResponseMessage response = null!;
        for (int i = 0; i < 100; i++)
        {
            response = await _provider.PostAsync("health/fhir", Fhir(WardBundle));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable) break;
            response.Dispose();
            await Task.Delay(100);
        }
        using (response)
        {
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains(Ward, body, StringComparison.Ordinal);
        }

        // The simulated sensors write the ward's bedsOccupied too; only FHIR writes its free and out-of-service beds.
        (double? Free, double? OutOfService) counts = default;
        for (int i = 0; i < 100 && counts != (1, 1); i++)
        {
            await Task.Delay(100);
            var entity = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(Ward)}?options=keyValues");
            counts = (entity.TryGetProperty("bedsFree", out var free) ? free.GetDouble() : null,
                entity.TryGetProperty("bedsOutOfService", out var closed) ? closed.GetDouble() : null);
        }
        Assert.Equal((1, 1), counts);
    }

    [Fact]
    public async Task A_bad_report_is_400_with_an_OperationOutcome_naming_the_element()
    {
        using var response = await _provider.PostAsync("health/fhir", Fhir(Report.Replace("\"complete\"", "\"finished\"", StringComparison.Ordinal)));
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        var issue = outcome.GetProperty("issue")[0];
        Assert.Equal("error", issue.GetProperty("severity").GetString());
        Assert.Equal("MeasureReport.status", issue.GetProperty("expression")[0].GetString());
    }

    [Fact]
    public async Task Only_telemetry_writers_may_post()
    {
        using var response = await _viewer.PostAsync("health/fhir", Fhir(Report));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = _viewer.BaseAddress };
        using var unsigned = await anonymous.PostAsync("health/fhir", Fhir(Report));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_an_OperationOutcome()
    {
        using var response = await _provider.PostAsync("health/fhir", Fhir(new string(' ', CityMesh.Health.HealthEndpoints.MaxBodyBytes + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("OperationOutcome", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
