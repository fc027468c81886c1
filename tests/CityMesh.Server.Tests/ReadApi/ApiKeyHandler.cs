using CityMesh.Access;

namespace CityMesh.Server.Tests.ReadApi;

/// <summary>
/// The project's <see cref="ApiKeyCredentialHandler"/> over a handler whose first <see cref="FailFirst"/> sends fail as
/// a refused connection would.
/// </summary>
public sealed class ApiKeyHandler(string key) : DelegatingHandler(new ApiKeyCredentialHandler(key))
{
    public int FailFirst { get; init; }
    public int Sent => _sent;
    private int _sent;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _sent) <= FailFirst)
            throw new HttpRequestException("connection refused (test)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        return base.SendAsync(request, ct);
    }
}
