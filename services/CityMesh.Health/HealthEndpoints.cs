using System.Text;
using CityMesh.Access;
using CityMesh.Health.Fhir;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Health;

/// <summary>The health service's HTTP API.</summary>
public static class HealthEndpoints
{
    public const string FhirJson = "application/fhir+json";
    /// <summary>A generous bound on one intake call: a hospital group's daily Bundle is a few hundred kilobytes.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly FhirJsonSerializer Serializer = new();

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/health").WithTags("Health");
        // Hospitals report capacity the way sensors report readings: the telemetry writers' role.
        api.MapPost("/fhir", TakeAsync).RequireAuthorization(Roles.Policy.TelemetryWriter);
        return endpoints;
    }

    /// <summary>
    /// POST /health/fhir: a SANER MeasureReport, or a Bundle of them and of ward and bed Locations (application/fhir+json).
    /// 200 with an informational OperationOutcome naming the hospitals and wards updated; 400 with an OperationOutcome
    /// naming each element that is wrong (nothing of the call is taken); 503 while the twin's wards are not yet read
    /// (Locations are checked against them); 413 over <see cref="MaxBodyBytes"/>.
    /// </summary>
    private static async Task<IResult> TakeAsync(HttpRequest request, FhirIntake intake, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return Outcome(Problem("too-costly", $"the body is over {MaxBodyBytes} bytes"), StatusCodes.Status413PayloadTooLarge);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[16 * 1024];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxBodyBytes) return Outcome(Problem("too-costly", $"the body is over {MaxBodyBytes} bytes"), StatusCodes.Status413PayloadTooLarge);
        }
        var result = await intake.TakeAsync(text.ToString(), ct);
        if (result.Refusal is { } refusal)
            return Outcome(refusal, refusal.Issue.All(i => i.Code == Hl7.Fhir.Model.OperationOutcome.IssueType.Transient) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest);
        var taken = new Hl7.Fhir.Model.OperationOutcome
        {
            Issue =
            [
                new() { Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Information, Code = Hl7.Fhir.Model.OperationOutcome.IssueType.Informational,
                    Diagnostics = $"{result.Readings} counts taken for {string.Join(", ", result.Entities)}" },
            ],
        };
        return Outcome(taken, StatusCodes.Status200OK);
    }

    private static Hl7.Fhir.Model.OperationOutcome Problem(string code, string message) => new()
    {
        Issue = [new() { Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error, Code = Hl7.Fhir.Model.OperationOutcome.IssueType.TooCostly, Diagnostics = message }],
    };

    private static IResult Outcome(Hl7.Fhir.Model.OperationOutcome outcome, int status) =>
        Results.Text(Serializer.SerializeToString(outcome), FhirJson, Encoding.UTF8, status);
}
