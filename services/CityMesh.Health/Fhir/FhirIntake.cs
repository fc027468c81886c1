using System.Text.RegularExpressions;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace CityMesh.Health.Fhir;

/// <summary>What an intake call did: the hospitals updated and the readings sent, or the problems that kept it all out.</summary>
public sealed record FhirIntakeResult(IReadOnlyList<string> Hospitals, int Readings, OperationOutcome? Refusal);

/// <summary>
/// Takes FHIR R4 JSON: a SANER MeasureReport, or a Bundle of them. Parsed strictly with the Firely SDK (an unknown
/// element, a wrong type or a missing resourceType is refused), then mapped (<see cref="SanerCapacity"/>). Nothing is
/// taken unless everything is: a refusal is an OperationOutcome with one issue per problem, each naming its element.
/// What is taken goes onto the bus as telemetry for the hospitals, the way every reading reaches the twin.
/// </summary>
public sealed partial class FhirIntake(IEventBus bus, string city)
{
    public const string Source = "citymesh/health/fhir";
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public async Task<FhirIntakeResult> TakeAsync(string json, CancellationToken ct)
    {
        if (!Deserializer.TryDeserializeResource(json, out var resource, out var errors))
        {
            string root = RootType().Match(json) is { Success: true } m ? m.Groups[1].Value : "";
            return Refused(errors.Select(e => new FhirProblem(OperationOutcome.IssueType.Structure, PathOf(e, root), e.Message)).ToList());
        }
        var reports = new List<(MeasureReport Report, string Path)>();
        var problems = new List<FhirProblem>();
        switch (resource)
        {
            case MeasureReport report:
                reports.Add((report, "MeasureReport"));
                break;
            case Bundle bundle:
                for (int k = 0; k < bundle.Entry.Count; k++)
                {
                    if (bundle.Entry[k].Resource is MeasureReport entry) reports.Add((entry, $"Bundle.entry[{k}].resource"));
                    else problems.Add(new(OperationOutcome.IssueType.NotSupported, $"Bundle.entry[{k}].resource",
                        $"a {bundle.Entry[k].Resource?.TypeName ?? "missing resource"} is not taken here; send SANER MeasureReports"));
                }
                if (bundle.Entry.Count == 0) problems.Add(new(OperationOutcome.IssueType.Required, "Bundle.entry", "the bundle has no entry"));
                break;
            default:
                problems.Add(new(OperationOutcome.IssueType.NotSupported, resource!.TypeName, $"a {resource.TypeName} is not taken here; send a SANER MeasureReport or a Bundle of them"));
                break;
        }
        var mapped = reports.Select(r => SanerCapacity.Map(r.Report, city, r.Path)).ToList();
        problems.AddRange(mapped.SelectMany(m => m.Problems));
        if (problems.Count > 0) return Refused(problems);
        foreach (var hospital in mapped.GroupBy(m => m.Hospital!, StringComparer.Ordinal))
        {
            var batch = new ReadingBatch();
            batch.Readings.AddRange(hospital.SelectMany(m => m.Readings));
            await bus.PublishAsync(Topics.TelemetryRaw, TelemetryContent.Create(Source, hospital.Key, batch), ct);
        }
        return new FhirIntakeResult(mapped.Select(m => m.Hospital!).Distinct().ToList(), mapped.Sum(m => m.Readings.Count), null);
    }

    private static FhirIntakeResult Refused(IReadOnlyList<FhirProblem> problems) => new([], 0, new OperationOutcome
    {
        Issue = problems.Select(p => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = p.Code,
            Diagnostics = p.Message,
            Expression = [p.Expression],
        }).ToList(),
    });

    /// <summary>
    /// The element a parse error names, as a FHIRPath: the SDK's messages end "At {path}, line L, position P.", the
    /// path starting "$this" (the resource) where the resource's own rules fail; empty where only a line is known.
    /// </summary>
    private static string PathOf(CodedException error, string root)
    {
        var match = AtPath().Match(error.Message);
        if (!match.Success) return "";
        string path = match.Groups[1].Value.Replace("UnnamedResource_", "", StringComparison.Ordinal);
        return path.StartsWith("$this", StringComparison.Ordinal) ? root + path["$this".Length..] : path;
    }

    [GeneratedRegex(@"\bAt (?!line\b)([^,\s]+),", RegexOptions.CultureInvariant)]
    private static partial Regex AtPath();

    [GeneratedRegex("\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex RootType();
}
