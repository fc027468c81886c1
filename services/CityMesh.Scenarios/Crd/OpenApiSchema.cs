using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Crd;

/// <summary>
/// A structural OpenAPI v3 schema for a model type, from the same shape and markers the loader and validator use:
/// every node typed, enums/bounds/patterns from the markers, descriptions from [Description], defaults from the
/// record's initialisers. A nested section's defaults are those of the value its parent starts with (the leak's
/// rate under anomalies.leak, not AnomalyOptions' own), matching the loader, which fills a partly given section
/// into that value.
/// </summary>
internal static class OpenApiSchema
{
    public static JsonObject ForObject(TypeShape shape) => ForObject(shape, null);

    /// <param name="start">The value the parent starts this section with, whose fields are the defaults; null: a new one.</param>
    private static JsonObject ForObject(TypeShape shape, object? start)
    {
        var schema = new JsonObject();
        if (shape.ClrType.GetCustomAttribute<DescriptionAttribute>() is { } d) schema["description"] = d.Description;
        schema["type"] = "object";
        if (shape.ClrType == typeof(ObjectMeta)) return schema; // the API server owns metadata's schema

        // apiVersion and kind are the API server's to check, not to default.
        var defaults = shape.ClrType.GetConstructor(Type.EmptyTypes) is null || shape.ClrType == typeof(TwinScenario) ? null : start ?? Activator.CreateInstance(shape.ClrType);
        var properties = new JsonObject();
        foreach (var field in shape.Fields) properties[field.JsonName] = ForField(field, defaults);
        schema["properties"] = properties;

        var required = shape.Fields.Where(f => f.Marker<RequiredAttribute>() is not null || f.Marker<System.Text.Json.Serialization.JsonRequiredAttribute>() is not null)
            .Select(f => (JsonNode)f.JsonName).ToArray();
        if (required.Length > 0) schema["required"] = new JsonArray(required);
        var rules = CelRules.For(shape, defaults);
        if (rules.Count > 0) schema["x-kubernetes-validations"] = rules;
        return schema;
    }

    private static JsonObject ForField(FieldShape field, object? defaults)
    {
        var schema = field.Shape.Kind switch
        {
            ShapeKind.Object => ForObject(field.Shape, defaults is null ? null : field.ValueOf(defaults)),
            ShapeKind.Array => new JsonObject { ["type"] = "array", ["items"] = ForItem(field, field.Shape.Element!) },
            ShapeKind.Map => new JsonObject { ["type"] = "object", ["additionalProperties"] = ForItem(null, field.Shape.Element!) },
            _ => Scalar(field, field.Shape),
        };
        if (field.Property.GetCustomAttribute<DescriptionAttribute>() is { } d)
        {
            schema.Remove("description");
            var ordered = new JsonObject { ["description"] = d.Description };
            foreach (var (k, v) in schema.ToList()) { schema.Remove(k); ordered[k] = v; }
            schema = ordered;
        }
        if (field.Shape.Kind is not (ShapeKind.Object or ShapeKind.Array or ShapeKind.Map or ShapeKind.DateTime)
            && defaults is not null && field.ValueOf(defaults) is { } value && value is not "")
            schema["default"] = JsonValue.Create(value);
        if (field.Marker<ListMapKeyAttribute>() is { } key)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray(key.Key);
        }
        if (field.Marker<ListSetAttribute>() is not null) schema["x-kubernetes-list-type"] = "set";
        if (MaxItems(field) is { } maxItems) schema["maxItems"] = maxItems;
        return schema;
    }

    /// <summary>
    /// A list's bound: its marker's, or, for a list keyed by a field of a few allowed values, that many (keys are
    /// unique). The API server costs CEL rules on and within a list by its bound, and an unbounded one as the most a
    /// request could hold.
    /// </summary>
    private static int? MaxItems(FieldShape field)
    {
        if (field.Marker<MaxItemsAttribute>() is { } max) return max.Count;
        if (field.Marker<ListMapKeyAttribute>() is { } key && field.Shape.Element?.Field(key.Key)?.Marker<OneOfAttribute>() is { } values)
            return values.Values.Count;
        return null;
    }

    /// <summary>List items and map values; value markers of a list of scalars apply to its items.</summary>
    private static JsonObject ForItem(FieldShape? field, TypeShape item) => item.Kind switch
    {
        ShapeKind.Object => ForObject(item),
        ShapeKind.Array or ShapeKind.Map => throw new NotSupportedException("nested lists and maps are not in the model"),
        _ => Scalar(field, item),
    };

    private static JsonObject Scalar(FieldShape? field, TypeShape shape)
    {
        var schema = new JsonObject
        {
            ["type"] = shape.Kind switch
            {
                ShapeKind.Integer => "integer",
                ShapeKind.Number => "number",
                ShapeKind.Boolean => "boolean",
                _ => "string",
            },
        };
        if (shape.Format is not null && shape.Kind != ShapeKind.Number) schema["format"] = shape.Format;
        if (field is null) return schema;

        if (field.Marker<OneOfAttribute>() is { } oneOf) schema["enum"] = new JsonArray([.. oneOf.Values.Select(v => (JsonNode)v)]);
        if (field.Marker<MinimumAttribute>() is { } min)
        {
            schema["minimum"] = Number(min.Value);
            if (min.Exclusive) schema["exclusiveMinimum"] = true;
        }
        if (field.Marker<MaximumAttribute>() is { } max) schema["maximum"] = Number(max.Value);
        if (field.Marker<PatternAttribute>() is { } pattern)
        {
            if (pattern.MaxLength > 0) schema["maxLength"] = pattern.MaxLength;
            schema["pattern"] = pattern.Regex;
        }
        if (field.Marker<MaxLengthAttribute>() is { } maxLength) schema["maxLength"] = maxLength.Length;
        if (field.Marker<DurationAttribute>() is not null) schema["pattern"] = ScenarioDuration.Pattern;
        if (field.Marker<RelativePathAttribute>() is not null)
        {
            schema["minLength"] = 1;
            schema["x-kubernetes-validations"] = new JsonArray(new JsonObject
            {
                ["rule"] = "!self.startsWith('/') && self != '..' && !self.startsWith('../') && !self.endsWith('/..') && !self.contains('/../')",
                ["message"] = "must be a relative path without '..' segments",
            });
        }
        return schema;
    }

    // Integral bounds print as integers ("minimum: 1", not "1.0"); JsonValue of a double keeps its fraction.
    private static JsonNode Number(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < long.MaxValue ? JsonValue.Create((long)d) : JsonValue.Create(double.Parse(d.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
}
