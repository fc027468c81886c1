using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// Checks a scenario before anything runs: every error at once, each naming its field. The generic rules come from
/// the markers on the model (ValidationMarkers.cs), which the CRD schema is generated from too; the rest
/// (simulations not yet runnable, reserved names, interventions that change nothing) are below.
/// </summary>
public static class ScenarioValidator
{
    /// <summary>An intervention may not be called this: the baseline's KPIs and artifacts go by it.</summary>
    public const string ReservedInterventionName = "baseline";

    public static IReadOnlyList<ValidationError> Validate(TwinScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new List<ValidationError>();
        CheckName(scenario.Metadata?.Name, errors);
        CheckNamespace(scenario.Metadata?.Namespace, errors);
        if (scenario.Spec is null)
        {
            errors.Add(new("spec", ValidationReasons.Required, "spec: required"));
            return errors;
        }
        CheckObject(TypeShape.Of(typeof(TwinScenarioSpec)), scenario.Spec, "spec", errors);
        CheckSimulationRunnable(scenario.Spec.Simulation, errors);
        CheckSimulationFields(scenario.Spec, errors);
        CheckInterventions(scenario.Spec.Simulation, scenario.Spec.Interventions, errors);
        CheckSeed(scenario.Spec, errors);
        SyntheticSpecValidator.Check(scenario.Spec, errors);
        FloodSpecValidator.Check(scenario.Spec, errors);
        EvacuationSpecValidator.Check(scenario.Spec, errors);
        EnergySpecValidator.Check(scenario.Spec, errors);
        CompoundSpecValidator.Check(scenario.Spec, errors);
        return errors;
    }

    private static void CheckName(string? name, List<ValidationError> errors)
    {
        const string field = "metadata.name";
        if (string.IsNullOrEmpty(name))
            errors.Add(new(field, ValidationReasons.Required, $"{field}: required"));
        else if (name.Length > KubeNames.ScenarioNameMaxLength)
            errors.Add(new(field, ValidationReasons.TooLong,
                $"{field}: '{name}' has {name.Length} characters; at most {KubeNames.ScenarioNameMaxLength}, since the scenario's Jobs are named after it"));
        else if (!KubeNames.IsDnsSubdomain(name))
            errors.Add(new(field, ValidationReasons.Invalid,
                $"{field}: '{name}' is not a DNS subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)"));
    }

    /// <summary>Absent: the namespace it is applied to. Present: a namespace name, which Kubernetes makes a DNS label.</summary>
    private static void CheckNamespace(string? ns, List<ValidationError> errors)
    {
        const string field = "metadata.namespace";
        if (ns is null) return;
        if (ns.Length > KubeNames.DnsLabelMaxLength)
            errors.Add(new(field, ValidationReasons.TooLong, $"{field}: '{ns}' has {ns.Length} characters; at most {KubeNames.DnsLabelMaxLength}"));
        else if (!KubeNames.IsDnsLabel(ns))
            errors.Add(new(field, ValidationReasons.Invalid,
                $"{field}: '{ns}' is not a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit)"));
    }

    /// <summary>Member i runs with seed + i: the last member's seed must still be a 64-bit integer, not wrap to a negative one.</summary>
    private static void CheckSeed(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Seed < 0 || spec.Ensemble < 1) return; // reported by the markers
        if (spec.Seed > long.MaxValue - (spec.Ensemble - 1))
            errors.Add(new("spec.seed", ValidationReasons.OutOfRange,
                $"spec.seed: {spec.Seed} is out of range; with ensemble {spec.Ensemble} it must be at most {long.MaxValue - (spec.Ensemble - 1)}, so that seed + member fits a 64-bit integer"));
    }

    private static void CheckSimulationRunnable(string? simulation, List<ValidationError> errors)
    {
        if (simulation is null || !SimulationKinds.Known.Contains(simulation) || SimulationKinds.Runnable.Contains(simulation)) return;
        errors.Add(new("spec.simulation", ValidationReasons.UnsupportedSimulation,
            $"spec.simulation: '{simulation}' is not available yet in this release; only {Quoted(SimulationKinds.Runnable)} can run"));
    }

    /// <summary>Fields that belong to other simulations are errors; those a simulation needs are required for it.</summary>
    private static void CheckSimulationFields(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        // An unknown or not yet runnable simulation is reported by itself; its fields cannot be judged.
        if (spec.Simulation is not { } simulation || !SimulationKinds.Runnable.Contains(simulation)) return;
        foreach (var field in TypeShape.Of(typeof(TwinScenarioSpec)).Fields)
        {
            if (field.Marker<ForSimulationAttribute>() is not { } marker) continue;
            var path = $"spec.{field.JsonName}";
            bool set = IsSet(field.ValueOf(spec)), belongs = marker.Kinds.Contains(simulation);
            if (set && !belongs)
                errors.Add(new(path, ValidationReasons.NotForSimulation,
                    $"{path}: only for simulation {string.Join(" or ", marker.Kinds.Select(k => $"'{k}'"))}; remove it for '{simulation}'"));
            else if (!set && belongs && marker.Required)
                errors.Add(new(path, ValidationReasons.Required, $"{path}: required for simulation '{simulation}'"));
        }
    }

    private static void CheckInterventions(string? simulation, IReadOnlyList<InterventionSpec>? interventions, List<ValidationError> errors)
    {
        for (var i = 0; i < (interventions?.Count ?? 0); i++)
        {
            var intervention = interventions![i];
            var path = $"spec.interventions[{i}]";
            if (intervention is null) continue;
            if (intervention.Name == ReservedInterventionName)
                errors.Add(new($"{path}.name", ValidationReasons.Reserved,
                    $"{path}.name: '{ReservedInterventionName}' is reserved for the unchanged run; choose another name"));
            if (intervention.Energy is not null && simulation != SimulationKinds.Energy)
                errors.Add(new($"{path}.energy", ValidationReasons.NotForSimulation, $"{path}.energy: only for simulation 'energy'"));
            bool trafficChanges = intervention.Signals is { } s && (s.Controller is not null || s.Plans is { Count: > 0 })
                || intervention.Closures is { Count: > 0 } || intervention.DemandScale is not null;
            bool trafficFields = intervention.Signals is not null || intervention.Closures is { Count: > 0 } || intervention.DemandScale is not null;
            if (simulation == SimulationKinds.Epidemic)
            {
                if (trafficFields)
                    errors.Add(new(path, ValidationReasons.NotForSimulation,
                        $"{path}: signals, closures and demandScale are for simulation 'traffic'; an epidemic variant sets epidemic"));
                else if (intervention.Epidemic is not { } e || !AnyOfSet(e))
                    errors.Add(new(path, ValidationReasons.NoChange,
                        $"{path}: changes nothing; set epidemic ({Choices(AnyOf(typeof(EpidemicInterventionSpec)))})"));
                continue;
            }
            if (simulation == SimulationKinds.Flood)
            {
                if (trafficFields)
                    errors.Add(new(path, ValidationReasons.NotForSimulation,
                        $"{path}: signals, closures and demandScale are for simulation 'traffic'; a flood variant sets flood"));
                else if (intervention.Flood is not { } f || !AnyOfSet(f))
                    errors.Add(new(path, ValidationReasons.NoChange,
                        $"{path}: changes nothing; set flood ({Choices(AnyOf(typeof(FloodInterventionSpec)))})"));
                continue;
            }
            if (simulation == SimulationKinds.Evacuation)
            {
                if (trafficFields)
                    errors.Add(new(path, ValidationReasons.NotForSimulation,
                        $"{path}: signals, closures and demandScale are for simulation 'traffic'; an evacuation variant sets evacuation"));
                else if (intervention.Evacuation is not { } v || !AnyOfSet(v))
                    errors.Add(new(path, ValidationReasons.NoChange,
                        $"{path}: changes nothing; set evacuation ({Choices(AnyOf(typeof(EvacuationInterventionSpec)))})"));
                continue;
            }
            if (simulation == SimulationKinds.Energy)
            {
                if (trafficFields)
                    errors.Add(new(path, ValidationReasons.NotForSimulation,
                        $"{path}: signals, closures and demandScale are for simulation 'traffic'; an energy variant sets energy"));
                else if (intervention.Energy is not { } g || !AnyOfSet(g))
                    errors.Add(new(path, ValidationReasons.NoChange,
                        $"{path}: changes nothing; set energy ({Choices(AnyOf(typeof(EnergyInterventionSpec)))})"));
                continue;
            }
            if (intervention.Evacuation is not null)
                errors.Add(new($"{path}.evacuation", ValidationReasons.NotForSimulation, $"{path}.evacuation: only for simulation 'evacuation'"));
            if (intervention.Epidemic is not null)
                errors.Add(new($"{path}.epidemic", ValidationReasons.NotForSimulation, $"{path}.epidemic: only for simulation 'epidemic'"));
            if (intervention.Flood is not null)
                errors.Add(new($"{path}.flood", ValidationReasons.NotForSimulation, $"{path}.flood: only for simulation 'flood'"));
            if (!trafficChanges)
                errors.Add(new(path, ValidationReasons.NoChange,
                    $"{path}: changes nothing; set signals (controller or plans), closures or demandScale"));
        }
    }

    private static void CheckObject(TypeShape shape, object value, string path, List<ValidationError> errors)
    {
        CheckExactlyOneOf(shape, value, path, errors);
        CheckAtMostOneOf(shape, value, path, errors);
        CheckSetTogether(shape, value, path, errors);
        foreach (var field in shape.Fields)
        {
            var fieldPath = $"{path}.{field.JsonName}";
            var fieldValue = field.ValueOf(value);
            if (fieldValue is null || fieldValue is string { Length: 0 })
            {
                if (field.Marker<RequiredAttribute>() is not null)
                    errors.Add(new(fieldPath, ValidationReasons.Required, $"{fieldPath}: required"));
                else if (fieldValue is string)
                    CheckScalar(field, fieldValue, fieldPath, errors); // an empty optional string may still break a rule
                continue;
            }
            CheckValue(field, field.Shape, fieldValue, fieldPath, errors);
            CheckAfter(shape, field, value, fieldPath, errors);
        }
    }

    /// <summary>An [After] number, where given, must be greater than its sibling: an end after its start.</summary>
    private static void CheckAfter(TypeShape shape, FieldShape field, object value, string path, List<ValidationError> errors)
    {
        if (field.Marker<AfterAttribute>() is not { } after) return;
        if (field.ValueOf(value) is not { } end || shape.Field(after.Field)!.ValueOf(value) is not { } start) return;
        double e = Convert.ToDouble(end, CultureInfo.InvariantCulture), s = Convert.ToDouble(start, CultureInfo.InvariantCulture);
        if (e <= s)
            errors.Add(new(path, ValidationReasons.OutOfRange, $"{path}: {Format(e)} must come after {after.Field} {Format(s)}"));
    }

    /// <summary>The fields an [AtLeastOneOf] on the type names.</summary>
    private static IReadOnlyList<string> AnyOf(Type type) =>
        type.GetCustomAttributes(typeof(AtLeastOneOfAttribute), false) is [AtLeastOneOfAttribute rule] ? rule.Fields : [];

    private static bool AnyOfSet(object value)
    {
        var shape = TypeShape.Of(value.GetType());
        return AnyOf(value.GetType()).Any(name => IsSet(shape.Field(name)!.ValueOf(value)));
    }

    private static string Choices(IReadOnlyList<string> fields) =>
        fields.Count == 1 ? fields[0] : $"{string.Join(", ", fields.Take(fields.Count - 1))} or {fields[^1]}";

    private static void CheckValue(FieldShape field, TypeShape shape, object value, string path, List<ValidationError> errors)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Object:
                CheckObject(shape, value, path, errors);
                break;
            case ShapeKind.Array:
                var items = ((IEnumerable)value).Cast<object?>().ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    var itemPath = $"{path}[{i}]";
                    if (items[i] is null) errors.Add(new(itemPath, ValidationReasons.Required, $"{itemPath}: must not be null"));
                    else if (shape.Element!.Kind == ShapeKind.Object) CheckObject(shape.Element, items[i]!, itemPath, errors);
                    else CheckScalar(field, items[i]!, itemPath, errors);
                }
                CheckUnique(field, shape, items, path, errors);
                if (field.Marker<MaxItemsAttribute>() is { } max && items.Count > max.Count)
                    errors.Add(new(path, ValidationReasons.TooLong, $"{path}: {items.Count} items; at most {max.Count}"));
                break;
            case ShapeKind.Map:
                break; // no map in the spec carries rules
            default:
                CheckScalar(field, value, path, errors);
                break;
        }
    }

    private static void CheckScalar(FieldShape field, object value, string path, List<ValidationError> errors)
    {
        if (value is string s) CheckString(field, s, path, errors);
        else if (value is int or long or double) CheckNumber(field, Convert.ToDouble(value, CultureInfo.InvariantCulture), path, errors);
    }

    private static void CheckString(FieldShape field, string s, string path, List<ValidationError> errors)
    {
        if (field.Marker<OneOfAttribute>() is { } oneOf && !oneOf.Values.Contains(s))
            errors.Add(new(path, ValidationReasons.NotOneOf, $"{path}: '{s}' is not supported; must be one of {Quoted(oneOf.Values)}"));
        if (field.Marker<MaxLengthAttribute>() is { } max && s.Length > max.Length)
            errors.Add(new(path, ValidationReasons.TooLong, $"{path}: {s.Length} characters; at most {max.Length}"));
        if (field.Marker<PatternAttribute>() is { } pattern)
        {
            if (pattern.MaxLength > 0 && s.Length > pattern.MaxLength)
                errors.Add(new(path, ValidationReasons.TooLong, $"{path}: '{s}' has {s.Length} characters; at most {pattern.MaxLength}"));
            else if (!Regex.IsMatch(s, pattern.Regex, RegexOptions.CultureInvariant))
                errors.Add(new(path, ValidationReasons.Invalid, $"{path}: '{s}' is not {pattern.Meaning}"));
        }
        if (field.Marker<DurationAttribute>() is { } duration && s.Length > 0) CheckDuration(duration, s, path, errors);
        if (field.Marker<RelativePathAttribute>() is not null && !IsRelativeInside(s))
            errors.Add(new(path, ValidationReasons.Invalid, $"{path}: '{s}' must be a non-empty relative path without '..' segments"));
        if (field.Marker<InputPathAttribute>() is not null && s.Length > 0) CheckInputPath(s, path, errors);
    }

    private static void CheckInputPath(string s, string path, List<ValidationError> errors)
    {
        if (s.Any(char.IsControl))
        {
            errors.Add(new(path, ValidationReasons.Invalid, $"{path}: must not contain control characters"));
            return;
        }
        // Lexically only: the links on the machine that reads it are resolved there (InputFileGuard).
        var full = System.IO.Path.IsPathFullyQualified(s) ? System.IO.Path.GetFullPath(s) : null;
        if (full is not null && InputFileGuard.SystemFolders.FirstOrDefault(f => full == f || full.StartsWith(f + "/", StringComparison.Ordinal)) is { } system)
            errors.Add(new(path, ValidationReasons.Invalid,
                $"{path}: '{s}' is under {system}; input files are never read from {string.Join(", ", InputFileGuard.SystemFolders)}"));
    }

    private static void CheckDuration(DurationAttribute marker, string s, string path, List<ValidationError> errors)
    {
        var max = ScenarioDuration.Parse(marker.Max);
        if (!ScenarioDuration.TryParse(s, out var d))
            errors.Add(new(path, ValidationReasons.Invalid, $"{path}: '{s}' is not a duration such as \"90m\", \"1h30m\" or \"3600s\" (units h, m, s, ms, us, ns)"));
        else if (d <= TimeSpan.Zero || d > max)
            errors.Add(new(path, ValidationReasons.OutOfRange, $"{path}: '{s}' is out of range; must be more than 0 and at most {marker.Max} ({max.TotalDays:0.##} days)"));
    }

    private static bool IsRelativeInside(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.StartsWith('\\') && !System.IO.Path.IsPathRooted(path)
        && !path.Split('/', '\\').Contains("..");

    private static void CheckNumber(FieldShape field, double value, string path, List<ValidationError> errors)
    {
        var min = field.Marker<MinimumAttribute>();
        var max = field.Marker<MaximumAttribute>();
        var tooLow = min is not null && (min.Exclusive ? value <= min.Value : value < min.Value);
        var tooHigh = max is not null && value > max.Value;
        if (tooLow || tooHigh || double.IsNaN(value))
            errors.Add(new(path, ValidationReasons.OutOfRange,
                $"{path}: {Format(value)} is out of range; must be {RangeText(min, max)}"));
    }

    internal static string RangeText(MinimumAttribute? min, MaximumAttribute? max) => (min, max) switch
    {
        ({ Exclusive: true }, not null) => $"more than {Format(min.Value)} and at most {Format(max.Value)}",
        (not null, not null) => $"between {Format(min.Value)} and {Format(max.Value)}",
        ({ Exclusive: true }, null) => $"more than {Format(min.Value)}",
        (not null, null) => $"at least {Format(min.Value)}",
        (null, not null) => $"at most {Format(max.Value)}",
        _ => "a number",
    };

    private static void CheckUnique(FieldShape field, TypeShape shape, List<object?> items, string path, List<ValidationError> errors)
    {
        var keyField = field.Marker<ListMapKeyAttribute>() is { } mapKey ? shape.Element!.Field(mapKey.Key) : null;
        if (keyField is null && field.Marker<ListSetAttribute>() is null) return;
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null) continue;
            var key = keyField is null ? items[i] : keyField.ValueOf(items[i]!);
            if (key is null || key is string { Length: 0 }) continue; // reported as Required
            var text = Convert.ToString(key, CultureInfo.InvariantCulture)!;
            var itemPath = keyField is null ? $"{path}[{i}]" : $"{path}[{i}].{keyField.JsonName}";
            if (seen.TryGetValue(text, out var first))
                errors.Add(new(itemPath, ValidationReasons.Duplicate, $"{itemPath}: '{text}' is already used by {path}[{first}]; each must be unique"));
            else seen[text] = i;
        }
    }

    private static void CheckExactlyOneOf(TypeShape shape, object value, string path, List<ValidationError> errors)
    {
        if (shape.ClrType.GetCustomAttributes(typeof(ExactlyOneOfAttribute), false) is not [ExactlyOneOfAttribute rule]) return;
        var set = rule.Fields.Where(name => IsSet(shape.Field(name)!.ValueOf(value))).ToList();
        var choices = string.Join(" or ", rule.Fields);
        // Half a group of fields that go together is reported by CheckSetTogether, which names what is missing.
        if (set.Count == 0 && shape.ClrType.GetCustomAttributes(typeof(SetTogetherAttribute), false).Cast<SetTogetherAttribute>()
            .Any(together => together.Fields.Intersect(rule.Fields).Any() && together.Fields.Any(name => IsSet(shape.Field(name)!.ValueOf(value)))))
            return;
        if (set.Count == 0)
            errors.Add(new(path, ValidationReasons.Required, $"{path}: set exactly one of {choices}"));
        else if (set.Count > 1)
            errors.Add(new(path, ValidationReasons.MutuallyExclusive, $"{path}: {string.Join(" and ", set)} are both set; set exactly one of {choices}"));
    }

    private static void CheckAtMostOneOf(TypeShape shape, object value, string path, List<ValidationError> errors)
    {
        if (shape.ClrType.GetCustomAttributes(typeof(AtMostOneOfAttribute), false) is not [AtMostOneOfAttribute rule]) return;
        var set = rule.Fields.Where(name => IsSet(shape.Field(name)!.ValueOf(value))).ToList();
        if (set.Count > 1)
            errors.Add(new(path, ValidationReasons.MutuallyExclusive, $"{path}: {string.Join(" and ", set)} are both set; set at most one of {string.Join(" or ", rule.Fields)}"));
    }

    private static void CheckSetTogether(TypeShape shape, object value, string path, List<ValidationError> errors)
    {
        foreach (SetTogetherAttribute rule in shape.ClrType.GetCustomAttributes(typeof(SetTogetherAttribute), false))
        {
            var set = rule.Fields.Where(name => IsSet(shape.Field(name)!.ValueOf(value))).ToList();
            if (set.Count == 0 || set.Count == rule.Fields.Count) continue;
            foreach (var missing in rule.Fields.Except(set))
                errors.Add(new($"{path}.{missing}", ValidationReasons.Required,
                    $"{path}.{missing}: required with {string.Join(" and ", set)} ({string.Join(", ", rule.Fields)} go together)"));
        }
    }

    private static bool IsSet(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    private static string Format(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
