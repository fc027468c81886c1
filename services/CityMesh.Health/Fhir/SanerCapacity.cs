using CityMesh.Contracts.Twin;
using CityMesh.Messaging.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Hl7.Fhir.Model;

namespace CityMesh.Health.Fhir;

/// <summary>One problem with a resource: FHIR's issue code, the element (a FHIRPath expression) and what is wrong.</summary>
public sealed record FhirProblem(OperationOutcome.IssueType Code, string Expression, string Message);

/// <summary>
/// Bed capacity as hospitals report it (HL7 SANER: a summary MeasureReport whose group populations count beds) into
/// readings of the twin's Hospital. The population codes read are SANER's and the CDC patient-impact measure's, case
/// folded: numTotBeds, numBeds, numBedsOcc, numICUBeds, numICUBedsOcc, numVent, numVentUse. The subject names the
/// hospital (Location/{id} or Organization/{id}: the twin's Hospital {id} in this city, or its full URN). The readings
/// are observed at the period's end, else the report's date.
/// </summary>
public static class SanerCapacity
{
    /// <summary>SANER population code → the twin's Hospital attribute.</summary>
    public static readonly IReadOnlyDictionary<string, string> Attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["numTotBeds"] = "bedsTotal",
        ["numBeds"] = "bedsInpatient",
        ["numBedsOcc"] = "bedsOccupied",
        ["numICUBeds"] = "icuBeds",
        ["numICUBedsOcc"] = "icuBedsOccupied",
        ["numVent"] = "ventilators",
        ["numVentUse"] = "ventilatorsInUse",
    };

    /// <summary>The report's readings for its hospital, or the problems that keep it out (each naming its element).</summary>
    public static (string? Hospital, IReadOnlyList<Reading> Readings, IReadOnlyList<FhirProblem> Problems) Map(MeasureReport report, string city, string path = "MeasureReport")
    {
        var problems = new List<FhirProblem>();
        var readings = new List<Reading>();
        if (report.Status is null)
            problems.Add(new(OperationOutcome.IssueType.Required, $"{path}.status", "status is required"));
        else if (report.Status != MeasureReport.MeasureReportStatus.Complete)
            problems.Add(new(OperationOutcome.IssueType.BusinessRule, $"{path}.status", $"only a complete report is taken, not '{report.Status}'"));
        if (report.Type is not MeasureReport.MeasureReportType.Summary)
            problems.Add(new(OperationOutcome.IssueType.BusinessRule, $"{path}.type", "SANER capacity reports are of type 'summary'"));
        string? hospital = TwinReferences.Resolve(report.Subject?.Reference, EntityTypes.Hospital, city, "Location", "Organization");
        if (hospital is null)
            problems.Add(new(OperationOutcome.IssueType.Required, $"{path}.subject",
                "subject must reference the hospital: Location/{id} or Organization/{id} (the twin's Hospital id in this city), or its urn:ngsi-ld:Hospital URN"));
        var observedAt = ObservedAt(report);
        if (observedAt is null)
            problems.Add(new(OperationOutcome.IssueType.Required, $"{path}.period", "period.end or date is required: when the beds were counted"));
        int counted = 0;
        for (int g = 0; g < report.Group.Count; g++)
            for (int p = 0; p < report.Group[g].Population.Count; p++)
            {
                var population = report.Group[g].Population[p];
                string at = $"{path}.group[{g}].population[{p}]";
                string? code = population.Code?.Coding.Select(c => c.Code).FirstOrDefault(c => c is not null && Attributes.ContainsKey(c));
                if (code is null) continue; // other SANER counts (COVID patients, ...) are not read here
                if (population.Count is not { } count)
                    problems.Add(new(OperationOutcome.IssueType.Required, $"{at}.count", $"{code} has no count"));
                else if (count < 0)
                    problems.Add(new(OperationOutcome.IssueType.Value, $"{at}.count", $"{code} must be 0 or more, not {count}"));
                else if (hospital is not null && observedAt is { } when)
                {
                    readings.Add(new Reading { EntityId = hospital, Attribute = Attributes[code], Number = count, ObservedAt = Timestamp.FromDateTimeOffset(when) });
                    counted++;
                }
            }
        if (counted == 0 && problems.Count == 0)
            problems.Add(new(OperationOutcome.IssueType.Required, $"{path}.group",
                $"no bed count: a population coded {string.Join(", ", Attributes.Keys)} is required"));
        return (hospital, problems.Count == 0 ? readings : [], problems);
    }

    private static DateTimeOffset? ObservedAt(MeasureReport report)
    {
        if (report.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is { } end) return end.ToUniversalTime();
        if (report.DateElement?.ToDateTimeOffset(TimeSpan.Zero) is { } date) return date.ToUniversalTime();
        return null;
    }
}
