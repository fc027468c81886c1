using System.Text.RegularExpressions;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace CityMesh.Health.Fhir;

/// <summary>What an intake call did: the twin entities updated (hospitals, wards) and the readings sent, or the problems that kept it all out.</summary>
public sealed record FhirIntakeResult(IReadOnlyList<string> Entities, int Readings, OperationOutcome? Refusal);

/// <summary>
/// Takes FHIR R4 JSON: SANER MeasureReports, and ward and bed Locations, alone or in a Bundle. Parsed strictly with the
/// Firely SDK (an unknown element, a wrong type or a missing resourceType is refused), then mapped
/// (<see cref="SanerCapacity"/> onto hospitals, <see cref="WardLocations"/> onto the twin's wards, which it checks
/// against <paramref name="view"/>). Nothing is taken unless everything is: a refusal is an OperationOutcome with one
/// issue per problem, each naming its element. What is taken goes onto the bus as telemetry for the hospitals and
/// wards, the way every reading reaches the twin.
/// </summary>
public sealed partial class FhirIntake(IEventBus bus, string city, HealthView view)
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
        var locations = new List<LocationEntry>();
        DateTimeOffset? countedAt = null;
        var problems = new List<FhirProblem>();
        switch (resource)
        {
            case MeasureReport report:
                reports.Add((report, "MeasureReport"));
                break;
            case Location:
                // A ward's counts need all its beds, and a time they were read, which only a Bundle carries.
                problems.Add(new(OperationOutcome.IssueType.NotSupported, "Location",
                    "a Location is taken in a Bundle: the ward with all its beds, and the Bundle's timestamp"));
                break;
            case Bundle bundle:
                for (int k = 0; k < bundle.Entry.Count; k++)
                {
                    string path = $"Bundle.entry[{k}].resource";
                    switch (bundle.Entry[k].Resource)
                    {
                        case MeasureReport entry: reports.Add((entry, path)); break;
                        case Location entry: locations.Add(new(entry, path, bundle.Entry[k].FullUrl)); break;
                        case var other:
                            problems.Add(new(OperationOutcome.IssueType.NotSupported, path,
                                $"a {other?.TypeName ?? "missing resource"} is not taken here; send SANER MeasureReports, and ward and bed Locations"));
                            break;
                    }
                }
                if (bundle.Entry.Count == 0) problems.Add(new(OperationOutcome.IssueType.Required, "Bundle.entry", "the bundle has no entry"));
                countedAt = bundle.Timestamp?.ToUniversalTime();
                break;
            default:
                problems.Add(new(OperationOutcome.IssueType.NotSupported, resource!.TypeName,
                    $"a {resource.TypeName} is not taken here; send a SANER MeasureReport, or a Bundle of them and of ward and bed Locations"));
                break;
        }
        var mapped = reports.Select(r => SanerCapacity.Map(r.Report, city, r.Path)).ToList();
        problems.AddRange(mapped.SelectMany(m => m.Problems));
        IReadOnlyList<WardCounts> wards = [];
        if (locations.Count > 0 && !view.Ready)
            problems.Add(new(OperationOutcome.IssueType.Transient, "Bundle", "the twin's wards have not been read yet; try again shortly"));
        else if (locations.Count > 0)
        {
            (wards, var wardProblems) = WardLocations.Map(locations, countedAt, "Bundle.timestamp", view.Current, city);
            problems.AddRange(wardProblems);
        }
        if (problems.Count > 0) return Refused(problems);
        // One batch per entity: its hospital's or its ward's readings, keyed by the entity as every sensor's are.
        var readings = mapped.Select(m => (Entity: m.Hospital!, m.Readings)).Concat(wards.Select(w => (Entity: w.Ward, w.Readings))).ToList();
        foreach (var entity in readings.GroupBy(r => r.Entity, StringComparer.Ordinal))
        {
            var batch = new ReadingBatch();
            batch.Readings.AddRange(entity.SelectMany(r => r.Readings));
            await bus.PublishAsync(Topics.TelemetryRaw, TelemetryContent.Create(Source, entity.Key, batch), ct);
        }
        return new FhirIntakeResult(readings.Select(r => r.Entity).Distinct(StringComparer.Ordinal).ToList(), readings.Sum(r => r.Readings.Count), null);
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
