using System.Globalization;
using System.Text.Json.Nodes;

namespace CityMesh.Operator.Reconciliation;

/// <summary>Null-tolerant reads of untyped Kubernetes objects (Jobs and Pods are not modelled as types here).</summary>
internal static class Json
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(p, out node)) return null;
        }
        return node;
    }

    public static string? Str(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static long? Long(JsonNode? node, params string[] path) => At(node, path) switch
    {
        // Parsed values convert to any number type; values built in memory only to the type they were built from.
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out double d) => (long)d,
        JsonValue v when v.TryGetValue(out string? s) && long.TryParse(s, CultureInfo.InvariantCulture, out long p) => p,
        _ => null,
    };

    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        Str(node, path) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>metadata.labels[key] or metadata.annotations[key].</summary>
    public static string? Label(JsonNode? o, string key) => Str(o, "metadata", "labels", key);

    public static string? Annotation(JsonNode? o, string key) => Str(o, "metadata", "annotations", key);

    /// <summary>The status of condition <paramref name="type"/> in status.conditions, with it.</summary>
    public static JsonObject? Condition(JsonNode? o, string type) =>
        Objects(o, "status", "conditions").FirstOrDefault(c => Str(c, "type") == type);
}
