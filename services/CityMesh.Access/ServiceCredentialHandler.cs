using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Access;

/// <summary>
/// Signs a CityMesh service's outgoing calls to another with its <see cref="ServiceIdentity"/> token, unless the
/// request already carries credentials (a person's, passed on).
/// </summary>
public sealed class ServiceCredentialHandler(ServiceIdentity identity, string service) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && !request.Headers.Contains(AccessAuthentication.ApiKeyHeader))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.TokenFor(service));
        return base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceCredentialExtensions
{
    /// <summary>Calls made with this client prove they come from <paramref name="service"/> (e.g. <c>governance</c>).</summary>
    public static IHttpClientBuilder AddServiceIdentity(this IHttpClientBuilder builder, string service) =>
        builder.AddHttpMessageHandler(sp => new ServiceCredentialHandler(sp.GetRequiredService<ServiceIdentity>(), service));
}
