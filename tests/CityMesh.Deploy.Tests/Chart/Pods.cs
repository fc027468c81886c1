using System.Text.Json.Nodes;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>Small readers over rendered pod specs.</summary>
internal static class Pods
{
    public static JsonObject Spec(JsonObject podTemplate) => podTemplate["spec"]!.AsObject();

    public static IEnumerable<JsonObject> Containers(JsonObject podTemplate) =>
        Spec(podTemplate)["containers"]!.AsArray().Select(c => c!.AsObject());

    public static JsonObject Labels(JsonObject podTemplate) => podTemplate["metadata"]!["labels"]!.AsObject();

    public static string? Annotation(JsonObject podTemplate, string key) => (string?)podTemplate["metadata"]?["annotations"]?[key];

    /// <summary>A container's environment as name → value, "secret:name/key" for secretKeyRef, "field:path" for fieldRef.</summary>
    public static Dictionary<string, string> Env(JsonObject container) =>
        (container["env"]?.AsArray() ?? []).Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!, e => e switch
        {
            _ when e["value"] is { } v => v.ToString(),
            _ when e["valueFrom"]?["secretKeyRef"] is { } s => $"secret:{s["name"]}/{s["key"]}",
            _ when e["valueFrom"]?["fieldRef"] is { } f => $"field:{f["fieldPath"]}",
            _ => e.ToJsonString(),
        });

    /// <summary>Whether a selector's matchLabels and matchExpressions (In, Exists) select these labels.</summary>
    public static bool Selects(JsonObject selector, JsonObject labels)
    {
        foreach (var (key, value) in selector["matchLabels"]?.AsObject() ?? [])
            if ((string?)labels[key] != (string?)value) return false;
        foreach (var expression in selector["matchExpressions"]?.AsArray() ?? [])
        {
            var key = (string)expression!["key"]!;
            var op = (string)expression["operator"]!;
            var has = labels.ContainsKey(key);
            var ok = op switch
            {
                "Exists" => has,
                "DoesNotExist" => !has,
                "In" => has && expression["values"]!.AsArray().Any(v => (string?)v == (string?)labels[key]),
                "NotIn" => !has || expression["values"]!.AsArray().All(v => (string?)v != (string?)labels[key]),
                _ => throw new InvalidOperationException("unknown selector operator " + op),
            };
            if (!ok) return false;
        }
        return true;
    }
}
