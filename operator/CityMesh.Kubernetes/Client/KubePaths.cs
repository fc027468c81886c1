namespace CityMesh.Kubernetes;

/// <summary>REST paths (PROTOCOLS.md §2.2): core under /api/v1, others under /apis/{group}/{version}.</summary>
public static class KubePaths
{
    public static string Collection(KubeResource resource, string? ns)
    {
        var root = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
        return resource.Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{resource.Plural}"
            : $"{root}/{resource.Plural}";
    }

    public static string Item(KubeResource resource, string? ns, string name, bool status = false) =>
        $"{Collection(resource, ns)}/{Uri.EscapeDataString(name)}{(status ? "/status" : "")}";

    /// <summary>A query string from the pairs whose value is not null.</summary>
    public static string Query(params (string Key, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => p.Value is not null)
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return parts.Length == 0 ? "" : "?" + string.Join('&', parts);
    }
}
