namespace CityMesh.Cli.Commands;

/// <summary>
/// The HTTP client the CLI reads a twin with: the twin's reads need a caller, so it sends the key in
/// <c>$CITYMESH_API_KEY</c> (any role reads) when one is set, and the twin's 401 says what is missing otherwise.
/// </summary>
public static class TwinHttp
{
    public static HttpClient Client()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        if (Environment.GetEnvironmentVariable(AuditCommand.ApiKeyEnv) is { Length: > 0 } key)
            http.DefaultRequestHeaders.Add(CityMesh.Access.AccessAuthentication.ApiKeyHeader, key);
        return http;
    }
}
