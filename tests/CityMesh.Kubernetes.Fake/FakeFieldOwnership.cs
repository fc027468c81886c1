using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// Server-side apply with field ownership, as the real server does it for what the fake's clients send: every leaf an
/// apply sets (a scalar, or a list, which is atomic here) is owned by its field manager, recorded in
/// metadata.managedFields as FieldsV1 (<c>{"f:status":{"f:phase":{}}}</c>), separately for the main resource and the
/// status subresource. A leaf another manager owns with a different value is a conflict: 409 unless force, which moves
/// it to the applier. A leaf the manager applied before and omits now is removed, unless another manager owns it.
/// Non-apply writes keep managedFields as they are (the real server would add "Update" entries).
/// </summary>
internal static class FakeFieldOwnership
{
    /// <summary>
    /// <paramref name="current"/> with <paramref name="applied"/> applied by <paramref name="manager"/>; the applied
    /// metadata.resourceVersion, if any, is kept so the store checks it as a precondition.
    /// </summary>
    public static JsonObject Apply(JsonObject current, JsonObject applied, string manager, bool force, bool statusOnly, string now)
    {
        var next = current.DeepClone().AsObject();
        var meta = Meta(next);
        var entries = meta["managedFields"] as JsonArray ?? [];
        string? subresource = statusOnly ? "status" : null;
        var owned = new HashSet<string>(Leaves(applied, statusOnly).Select(Join), StringComparer.Ordinal);

        var conflicts = new List<string>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (Str(entry, "manager") == manager && Str(entry, "subresource") == subresource) continue;
            var theirs = FromFieldsV1(entry["fieldsV1"] as JsonObject);
            foreach (var path in theirs.Where(owned.Contains).ToList())
            {
                if (JsonNode.DeepEquals(At(current, path), At(applied, path))) continue; // same value: shared ownership
                if (!force)
                {
                    conflicts.Add($"conflict with \"{Str(entry, "manager")}\": .{path}");
                    continue;
                }
                theirs.Remove(path);
                entry["fieldsV1"] = ToFieldsV1(theirs);
            }
        }
        if (conflicts.Count > 0)
            throw new FakeStatusException(409, "Conflict", $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {string.Join("; ", conflicts)}");

        var mine = entries.OfType<JsonObject>().FirstOrDefault(e => Str(e, "manager") == manager && Str(e, "subresource") == subresource);
        var before = FromFieldsV1(mine?["fieldsV1"] as JsonObject);
        var othersOwn = entries.OfType<JsonObject>().Where(e => e != mine)
            .SelectMany(e => FromFieldsV1(e["fieldsV1"] as JsonObject)).ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in before.Where(p => !owned.Contains(p) && !othersOwn.Contains(p)))
            Remove(next, dropped);
        foreach (var path in owned)
            Set(next, path, At(applied, path)!.DeepClone());

        if (!before.SetEquals(owned))
        {
            if (mine is not null) entries.Remove(mine);
            var entry = new JsonObject
            {
                ["manager"] = manager,
                ["operation"] = "Apply",
                ["apiVersion"] = applied["apiVersion"]?.DeepClone(),
                ["time"] = now,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = ToFieldsV1(owned),
            };
            if (subresource is not null) entry["subresource"] = subresource;
            entries.Add(entry);
        }
        meta["managedFields"] = entries.DeepClone();
        if (Meta(applied)["resourceVersion"] is JsonValue rv) meta["resourceVersion"] = rv.DeepClone();
        return next;
    }

    /// <summary>The leaves an apply sets: .status's for the subresource; else everything but .status and server-owned metadata.</summary>
    private static IEnumerable<string[]> Leaves(JsonObject applied, bool statusOnly)
    {
        if (statusOnly)
            return applied["status"] is JsonObject status ? Walk(status, ["status"]) : [];
        var result = new List<string[]>();
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind" or "status") continue;
            if (key == "metadata")
            {
                // Only what users set; name, namespace and resourceVersion identify the object.
                foreach (var part in new[] { "labels", "annotations", "finalizers" })
                    if (value?[part] is { } v) result.AddRange(v is JsonObject map && map.Count > 0 ? Walk(map, ["metadata", part]) : [["metadata", part]]);
                continue;
            }
            result.AddRange(value is JsonObject o && o.Count > 0 ? Walk(o, [key]) : [[key]]);
        }
        return result;
    }

    private static IEnumerable<string[]> Walk(JsonObject obj, string[] prefix)
    {
        foreach (var (key, value) in obj)
        {
            string[] path = [.. prefix, key];
            if (value is JsonObject o && o.Count > 0)
                foreach (var leaf in Walk(o, path)) yield return leaf;
            else
                yield return path;
        }
    }

    // Paths travel as "status.phase"; keys with dots do not occur in what the operator applies.
    private static string Join(string[] path) => string.Join('.', path);

    private static string[] Split(string path) => path.Split('.');

    private static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var key in Split(path))
                node = node["f:" + key] as JsonObject ?? (JsonObject)(node["f:" + key] = new JsonObject());
        }
        return root;
    }

    private static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Visit(JsonObject node, string prefix)
        {
            foreach (var (key, value) in node)
            {
                if (!key.StartsWith("f:", StringComparison.Ordinal)) continue;
                var path = prefix.Length == 0 ? key[2..] : $"{prefix}.{key[2..]}";
                if (value is JsonObject child && child.Count > 0) Visit(child, path);
                else paths.Add(path);
            }
        }
        if (fields is not null) Visit(fields, "");
        return paths;
    }

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var key in Split(path))
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        return node;
    }

    private static void Set(JsonObject root, string path, JsonNode value)
    {
        var keys = Split(path);
        var node = root;
        foreach (var key in keys[..^1])
            node = node[key] as JsonObject ?? (JsonObject)(node[key] = new JsonObject());
        node[keys[^1]] = value;
    }

    private static void Remove(JsonObject root, string path)
    {
        var keys = Split(path);
        JsonObject node = root;
        foreach (var key in keys[..^1])
        {
            if (node[key] is not JsonObject child) return;
            node = child;
        }
        node.Remove(keys[^1]);
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static JsonObject Meta(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
}
