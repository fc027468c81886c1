namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// A parsed API path: <c>/api/v1/…</c> or <c>/apis/{group}/{version}/…</c>, then
/// <c>[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]</c>.
/// </summary>
internal sealed record FakeRoute(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static FakeRoute? Parse(string path)
    {
        var s = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        int i;
        string group, version;
        if (s.Length >= 3 && s[0] == "api") { group = ""; version = s[1]; i = 2; }
        else if (s.Length >= 4 && s[0] == "apis") { group = s[1]; version = s[2]; i = 3; }
        else return null;
        string? ns = null;
        if (s.Length - i >= 3 && s[i] == "namespaces") { ns = s[i + 1]; i += 2; }
        var rest = s[i..];
        return rest.Length switch
        {
            1 => new FakeRoute(group, version, ns, rest[0], null, null),
            2 => new FakeRoute(group, version, ns, rest[0], rest[1], null),
            3 => new FakeRoute(group, version, ns, rest[0], rest[1], rest[2]),
            _ => null,
        };
    }
}
