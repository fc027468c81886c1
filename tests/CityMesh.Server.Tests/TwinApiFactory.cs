using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>
/// The server as <c>--target twin</c> with the in-memory store, in the Production environment so error handling is
/// what a deployment gets (no developer exception page). A key per role is configured; <c>CreateClient()</c> sends
/// the admin's, so tests about the API itself read and write freely, and access tests pick a role with
/// <see cref="ClientAs"/>. Clients name the CityMesh context in a Link header, as a client that writes the twin's own
/// types and terms (RoadSegment, category) must: without it the twin reads requests with the NGSI-LD core context.
/// </summary>
public sealed class TwinApiFactory : WebApplicationFactory<Program>
{
    public const string ServiceKey = TestAccess.ServiceKey, JwtKey = TestAccess.JwtKey, Issuer = TestAccess.Issuer, Audience = TestAccess.Audience;
    public const string OpenDataType = "AirQualityObserved";

    public static string KeyOf(string role) => TestAccess.KeyOf(role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "memory");
        TestAccess.Configure(builder);
        builder.UseSetting("CityMesh:Access:OpenDataTypes:0", OpenDataType);
        // No test here fetches a context: any remote one is refused by policy, without a network.
        builder.UseSetting("CityMesh:JsonLd:AllowedHosts:0", "contexts.citymesh.invalid");
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
        client.OnCityMeshContext();
    }

    /// <summary>
    /// The admin's client without a context Link header: it speaks the NGSI-LD core context (or names its own context
    /// per request), as a client that knows nothing of CityMesh does.
    /// </summary>
    public HttpClient ClientOnCoreContext()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("Link");
        return client;
    }

    /// <summary>A client with no credentials, or those of <paramref name="role"/>'s key.</summary>
    public HttpClient ClientAs(string? role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (role is not null) client.DefaultRequestHeaders.Add("X-Api-Key", KeyOf(role));
        return client;
    }

    /// <summary>A client with a bearer token (a person's JWT, a service's token, or a forgery).</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = ClientAs(null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
