using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// What spec.evacuation's markers cannot say to the validator (the CRD says each with a [CelRule] on the same object):
/// a polygon of at least three points, zone.flood with a flood, by-zone with stages that name their shelters (and
/// shelters on a stage only with by-zone), stages that start before the run ends; and the flood's own checks.
/// </summary>
internal static class EvacuationSpecValidator
{
    public static void Check(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Simulation != SimulationKinds.Evacuation || spec.Evacuation is not { } evacuation) return;
        const string path = "spec.evacuation";
        CheckZone(evacuation, path, floodElsewhere: false, errors);
        if (evacuation.Flood is { } flood) FloodSpecValidator.Check(flood, $"{path}.flood", errors);
        for (int i = 0; i < (spec.Interventions?.Count ?? 0); i++)
        {
            if (spec.Interventions![i]?.Evacuation is not { } change) continue;
            string at = $"spec.interventions[{i}].evacuation";
            bool byZone = change.Assignment == ShelterAssignments.ByZone;
            var stages = change.Stages ?? [];
            if (byZone && (stages.Count == 0 || stages.Any(s => s is not null && s.Shelters is not { Count: > 0 })))
                errors.Add(new($"{at}.stages", ValidationReasons.Required, $"{at}.stages: assignment by-zone needs stages, each naming its shelters"));
            for (int k = 0; k < stages.Count; k++)
            {
                var stage = stages[k];
                if (stage is null) continue;
                if (!byZone && stage.Shelters is { Count: > 0 })
                    errors.Add(new($"{at}.stages[{k}].shelters", ValidationReasons.Invalid, $"{at}.stages[{k}].shelters: only with assignment by-zone"));
                if (stage.Area is { } area) Polygon(area.Polygon, $"{at}.stages[{k}].area.polygon", errors);
                if (stage.StartMinutes >= 60 * evacuation.Hours)
                    errors.Add(new($"{at}.stages[{k}].startMinutes", ValidationReasons.OutOfRange,
                        $"{at}.stages[{k}].startMinutes: {stage.StartMinutes} is not before the run ends ({60 * evacuation.Hours} minutes, spec.evacuation.hours)"));
            }
        }
    }

    /// <summary>
    /// The zone of an evacuation at <paramref name="path"/>: a polygon of three points or more, and zone.flood with a
    /// flood: its own, or one beside it (<paramref name="floodElsewhere"/>: a compound's).
    /// </summary>
    public static void CheckZone(EvacuationSpec evacuation, string path, bool floodElsewhere, List<ValidationError> errors)
    {
        if (evacuation.Zone is not { } zone) return;
        Polygon(zone.Polygon, $"{path}.zone.polygon", errors);
        if (zone.Flood is not null && evacuation.Flood is null && !floodElsewhere)
            errors.Add(new($"{path}.flood", ValidationReasons.Required, $"{path}.flood: required with zone.flood: the buildings the flood reaches are the zone"));
    }

    private static void Polygon(IReadOnlyList<EvacuationPointSpec>? points, string field, List<ValidationError> errors)
    {
        if (points is { Count: > 0 and < 3 })
            errors.Add(new(field, ValidationReasons.Invalid, $"{field}: {points.Count} points; a polygon needs at least three"));
    }
}
