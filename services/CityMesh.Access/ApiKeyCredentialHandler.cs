namespace CityMesh.Access;

/// <summary>
/// Sends an API key (<see cref="AccessAuthentication.ApiKeyHeader"/>) with every request: how tools call CityMesh as a
/// person would, e.g. the CLI with <c>$CITYMESH_API_KEY</c>.
/// </summary>
public sealed class ApiKeyCredentialHandler(string key, HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(AccessAuthentication.ApiKeyHeader);
        request.Headers.Add(AccessAuthentication.ApiKeyHeader, key);
        return base.SendAsync(request, cancellationToken);
    }
}
