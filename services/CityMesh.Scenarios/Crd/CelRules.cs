using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Crd;

/// <summary>
/// The CRD's x-kubernetes-validations (CEL) for one object, from the same markers the validator reads, so the API
/// server refuses what <c>citymesh scenario run</c> refuses where CEL can say it. Rules that need the simulation sit on
/// the spec: CEL sees only the object it is declared on and what lies below it.
/// </summary>
internal static class CelRules
{
    /// <param name="defaults">The value the object starts with (its fields' defaults); null where it has none.</param>
    public static JsonArray For(TypeShape shape, object? defaults)
    {
        var rules = new JsonArray();
        var type = shape.ClrType;
        if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is { Fields: [var a, var b] })
            rules.Add(Rule($"{IsSet("self", shape.Field(a)!, defaults)} != {IsSet("self", shape.Field(b)!, defaults)}", $"set exactly one of {a} or {b}"));
        else if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is { Fields.Count: > 2 } exactly)
            rules.Add(Rule(string.Join(" + ", exactly.Fields.Select(f => $"({IsSet("self", shape.Field(f)!, defaults)} ? 1 : 0)")) + " == 1",
                $"set exactly one of {Choices(exactly.Fields)}"));
        if (type.GetCustomAttribute<AtMostOneOfAttribute>() is { Fields.Count: > 1 } atMost)
            rules.Add(Rule(string.Join(" + ", atMost.Fields.Select(f => $"(has(self.{f}) ? 1 : 0)")) + " <= 1", $"set at most one of {Choices(atMost.Fields)}"));
        foreach (var together in type.GetCustomAttributes<SetTogetherAttribute>().Where(t => t.Fields.Count > 1))
            rules.Add(Rule(string.Join(" && ", together.Fields.Skip(1).Select(o => $"has(self.{together.Fields[0]}) == has(self.{o})")),
                $"set {string.Join(", ", together.Fields)} together"));
        if (type.GetCustomAttribute<AtLeastOneOfAttribute>() is { } anyOf)
            rules.Add(Rule(string.Join(" || ", anyOf.Fields.Select(f => IsSet("self", shape.Field(f)!, defaults))),
                $"set at least one of {Choices(anyOf.Fields)}"));
        foreach (var field in shape.Fields)
        {
            if (field.Marker<AfterAttribute>() is not { } after) continue;
            string later = field.JsonName, earlier = after.Field;
            // The start has a default (the API server fills it in before validating); the fallback only keeps the
            // rule from failing to evaluate should it be absent.
            var start = defaults is null ? null : shape.Field(earlier)!.ValueOf(defaults);
            string from = start is null ? $"self.{earlier}" : $"(has(self.{earlier}) ? self.{earlier} : {Literal(start)})";
            string guard = start is null ? $"!has(self.{earlier}) || " : "";
            rules.Add(Rule($"!has(self.{later}) || {guard}self.{later} > {from}", $"{later} must come after {earlier}"));
        }
        foreach (var rule in SimulationRules(shape)) rules.Add(rule);
        foreach (var written in type.GetCustomAttributes<CelRuleAttribute>()) rules.Add(Rule(written.Rule, written.Message));
        return rules;
    }

    /// <summary>
    /// Rules for [ForSimulation] fields of the spec, of an object it holds (self.outputs.kpis) and of a list's items
    /// (every one of self.interventions): set only for their simulations, and set when required.
    /// </summary>
    private static IEnumerable<JsonObject> SimulationRules(TypeShape shape)
    {
        if (shape.Field("simulation") is null) yield break; // only the spec knows its simulation
        foreach (var field in shape.Fields)
        {
            string name = field.JsonName;
            if (field.Marker<ForSimulationAttribute>() is { } marker)
            {
                string set = IsSet("self", field, null);
                yield return Rule($"!{set} || {Belongs(marker)}", $"{name} is only for simulation {Those(marker)}");
                if (marker.Required)
                    yield return Rule($"!({Belongs(marker)}) || {set}", $"{name} is required for simulation {Those(marker)}");
            }
            var inner = field.Shape.Kind switch
            {
                ShapeKind.Object => field.Shape,
                ShapeKind.Array when field.Shape.Element!.Kind == ShapeKind.Object => field.Shape.Element,
                _ => null,
            };
            if (inner is null) continue;
            var innerDefaults = inner.ClrType.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(inner.ClrType);
            foreach (var child in inner.Fields)
            {
                if (child.Marker<ForSimulationAttribute>() is not { } m) continue;
                bool list = field.Shape.Kind == ShapeKind.Array;
                string path = list ? $"{name}[].{child.JsonName}" : $"{name}.{child.JsonName}";
                string childSet = IsSet(list ? "i" : $"self.{name}", child, innerDefaults);
                string notSet = list ? $"self.{name}.all(i, !{childSet})" : $"!{childSet}";
                yield return Rule($"!has(self.{name}) || {Belongs(m)} || {notSet}", $"{path} is only for simulation {Those(m)}");
                if (m.Required && list)
                    yield return Rule($"!has(self.{name}) || !({Belongs(m)}) || self.{name}.all(i, {childSet})",
                        $"{path} is required for simulation {Those(m)}");
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="owner"/>'s field is set as the validator counts it: present, a list non-empty, and a
    /// scalar with a default other than it (publish: false is as good as absent).
    /// </summary>
    private static string IsSet(string owner, FieldShape field, object? defaults)
    {
        string at = $"{owner}.{field.JsonName}";
        if (field.Shape.Kind == ShapeKind.Array) return $"(has({at}) && size({at}) > 0)";
        if (field.Shape.Kind is not (ShapeKind.Object or ShapeKind.Map) && defaults is not null && field.ValueOf(defaults) is { } d and not "")
            return $"(has({at}) && {at} != {Literal(d)})";
        return $"has({at})";
    }

    private static string Belongs(ForSimulationAttribute marker) => marker.Kinds.Count == 1
        ? $"self.simulation == '{marker.Kinds[0]}'"
        : $"self.simulation in [{string.Join(", ", marker.Kinds.Select(k => $"'{k}'"))}]";

    private static string Those(ForSimulationAttribute marker) => string.Join(" or ", marker.Kinds);

    private static string Choices(IReadOnlyList<string> fields) =>
        fields.Count == 1 ? fields[0] : $"{string.Join(", ", fields.Take(fields.Count - 1))} or {fields[^1]}";

    /// <summary>A CEL literal of the field's own type: CEL does not compare a double with an int literal.</summary>
    private static string Literal(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("0", CultureInfo.InvariantCulture) + ".0" : d.ToString("R", CultureInfo.InvariantCulture),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s => $"'{s}'",
        _ => throw new NotSupportedException($"no CEL literal for a {value.GetType().Name}"),
    };

    private static JsonObject Rule(string rule, string message) => new() { ["rule"] = rule, ["message"] = message };
}
