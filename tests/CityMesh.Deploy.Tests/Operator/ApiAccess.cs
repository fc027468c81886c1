using CityMesh.Kubernetes.Fake;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>
/// One request as the Kubernetes authorizer sees it (the API server's RequestInfo): verb, API group, resource with its
/// subresource, namespace (null: cluster scope) and object name (null on collections and on create).
/// </summary>
internal sealed record ApiAccess(string Verb, string Group, string Resource, string? Namespace, string? Name)
{
    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Name is null ? "" : "/" + Name)} in {Namespace ?? "(cluster)"}";

    /// <summary>
    /// GET on a name: get; GET on a collection: list, or watch with <c>?watch=1|true</c>; POST: create; PUT: update;
    /// PATCH: patch; DELETE on a name: delete, on a collection: deletecollection. Subresources become
    /// <c>resource/subresource</c> (<c>twinscenarios/status</c>, <c>pods/log</c>).
    /// </summary>
    public static ApiAccess Of(FakeRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string[] rest;
        if (segments is ["api", _, ..]) (group, rest) = ("", segments[2..]);
        else if (segments is ["apis", _, _, ..]) (group, rest) = (segments[1], segments[3..]);
        else throw new ArgumentException($"not a resource request: {request.Method} {request.PathAndQuery}");

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces") (ns, rest) = (rest[1], rest[2..]);
        if (rest.Length is 0 or > 3) throw new ArgumentException($"not a resource request: {request.Method} {request.PathAndQuery}");

        string resource = rest.Length == 3 ? $"{rest[0]}/{rest[2]}" : rest[0];
        string? name = rest.Length >= 2 ? rest[1] : null;
        var query = System.Web.HttpUtility.ParseQueryString(request.PathAndQuery.Contains('?') ? request.PathAndQuery[request.PathAndQuery.IndexOf('?')..] : "");
        string verb = request.Method switch
        {
            "GET" when name is null && query["watch"] is "1" or "true" => "watch",
            "GET" when name is null => "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => throw new ArgumentException($"no verb for {request.Method}"),
        };
        // A create names its object in the body, not the URL: the authorizer has no name for it.
        return new ApiAccess(verb, group, resource, ns, verb == "create" ? null : name);
    }
}
