using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// The two patch formats the API server applies to custom resources: RFC 6902 JSON patch (add, remove, replace,
/// test, move, copy) and RFC 7386 merge patch. A failed op, a failed test included, is a 422 as on the real server.
/// </summary>
internal static class FakeJsonPatch
{
    public static JsonObject ApplyJsonPatch(JsonObject target, JsonArray ops)
    {
        var doc = target.DeepClone().AsObject();
        foreach (var node in ops)
        {
            if (node is not JsonObject op) throw Fail("each operation must be an object");
            var kind = op["op"]?.GetValue<string>() ?? throw Fail("an operation has no op");
            var path = op["path"]?.GetValue<string>() ?? throw Fail($"{kind} has no path");
            switch (kind)
            {
                case "add": Add(doc, path, Value(op)); break;
                case "remove": Remove(doc, path); break;
                case "replace": Remove(doc, path); Add(doc, path, Value(op)); break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                        throw Fail($"testing value {path} failed: test failed");
                    break;
                case "move":
                    var moved = Remove(doc, From(op));
                    Add(doc, path, moved);
                    break;
                case "copy": Add(doc, path, Resolve(doc, From(op))?.DeepClone()); break;
                default: throw Fail($"unexpected op {kind}");
            }
        }
        return doc;
    }

    /// <summary>RFC 7386: objects merge recursively, null removes, anything else (lists included) replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? t.DeepClone().AsObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null) result.Remove(key);
            else result[key] = MergePatch(result[key], value);
        }
        return result;
    }

    private static FakeStatusException Fail(string message) => FakeStatusException.Invalid(message);

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw Fail($"{op["op"]} at {op["path"]} has no value");

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw Fail($"{op["op"]} has no from");

    private static string[] Tokens(string path)
    {
        if (path.Length == 0) return [];
        if (path[0] != '/') throw Fail($"path {path} must start with /");
        return path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject doc, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0) throw Fail("the whole document cannot be the target");
        JsonNode? node = doc;
        foreach (var t in tokens[..^1]) node = Child(node, t) ?? throw Fail($"missing value at {path}");
        return (node!, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode? node, string token) => node switch
    {
        JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : null,
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Resolve(JsonObject doc, string path)
    {
        JsonNode? node = doc;
        foreach (var t in Tokens(path))
        {
            if (node is JsonObject o && !o.ContainsKey(t)) throw Fail($"missing value at {path}");
            node = Child(node, t);
        }
        return node;
    }

    private static void Add(JsonObject doc, string path, JsonNode? value)
    {
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count: a.Insert(i, value); break;
            default: throw Fail($"cannot add at {path}");
        }
    }

    private static JsonNode? Remove(JsonObject doc, string path)
    {
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default: throw Fail($"missing value at {path}");
        }
    }
}
