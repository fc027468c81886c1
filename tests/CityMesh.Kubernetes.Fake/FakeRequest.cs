namespace CityMesh.Kubernetes.Fake;

/// <summary>One request the fake served: for assertions such as "exactly one Job was created".</summary>
/// <param name="PathAndQuery">The raw path and query string, e.g. <c>/apis/batch/v1/namespaces/a/jobs?fieldManager=x</c>.</param>
/// <param name="Authorization">The Authorization header as sent, or null.</param>
public sealed record FakeRequest(string Method, string PathAndQuery, int StatusCode, string? Authorization)
{
    public string Path => PathAndQuery.Split('?')[0];
}
