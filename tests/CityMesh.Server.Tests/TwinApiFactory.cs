using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>
/// The server as <c>--target twin</c> with the in-memory store, in the Production environment so error handling is
/// what a deployment gets (no developer exception page). A key per role is configured; <c>CreateClient()</c> sends
/// the admin's, so tests about the API itself read and write freely, and access tests pick a role with
/// <see cref="ClientAs"/>.
/// </summary>
public sealed class TwinApiFactory : WebApplicationFactory<Program>
{
    public const string ServiceKey = "service-key-for-tests-0123456789abcdef";
    public const string JwtKey = "jwt-signing-key-for-tests-0123456789abcdef";
    public const string Issuer = "https://idp.test", Audience = "citymesh-twin";
    public const string OpenDataType = "AirQualityObserved";

    public static readonly IReadOnlyList<string> Roles = ["viewer", "data-provider", "operator", "scenario-author", "admin"];

    public static string KeyOf(string role) => $"{role}-key-for-tests-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "memory");
        for (var i = 0; i < Roles.Count; i++)
        {
            builder.UseSetting($"CityMesh:Access:ApiKeys:{i}:Name", $"test-{Roles[i]}");
            builder.UseSetting($"CityMesh:Access:ApiKeys:{i}:Role", Roles[i]);
            builder.UseSetting($"CityMesh:Access:ApiKeys:{i}:Key", KeyOf(Roles[i]));
        }
        builder.UseSetting("CityMesh:Access:Jwt:Issuer", Issuer);
        builder.UseSetting("CityMesh:Access:Jwt:Audience", Audience);
        builder.UseSetting("CityMesh:Access:Jwt:SigningKey", JwtKey);
        builder.UseSetting("CityMesh:Access:ServiceKey", ServiceKey);
        builder.UseSetting("CityMesh:Access:OpenDataTypes:0", OpenDataType);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", KeyOf("admin"));
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
