using Microsoft.AspNetCore.Hosting;

namespace CityMesh.Server.Tests;

/// <summary>
/// The credentials every test server here is configured with: a key per role, a JWT issuer and the service key.
/// Clients send the admin's key unless a test picks another caller.
/// </summary>
public static class TestAccess
{
    public const string ServiceKey = "service-key-for-tests-0123456789abcdef";
    public const string JwtKey = "jwt-signing-key-for-tests-0123456789abcdef";
    public const string Issuer = "https://idp.test", Audience = "citymesh-twin";

    public static readonly IReadOnlyList<string> Roles = ["viewer", "data-provider", "operator", "scenario-author", "admin"];

    public static string KeyOf(string role) => $"{role}-key-for-tests-0123456789";

    /// <summary>NGSI-LD tenants every test twin declares, each with a key per role of its own.</summary>
    public static readonly IReadOnlyList<string> Tenants = ["water-utility", "north-district"];

    public static string TenantKeyOf(string tenant, string role) => $"{tenant}-{role}-key-for-tests-0123456789";

    public static void Configure(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings()) builder.UseSetting(key, value);
    }

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        for (var i = 0; i < Roles.Count; i++)
        {
            yield return new($"CityMesh:Access:ApiKeys:{i}:Name", $"test-{Roles[i]}");
            yield return new($"CityMesh:Access:ApiKeys:{i}:Role", Roles[i]);
            yield return new($"CityMesh:Access:ApiKeys:{i}:Key", KeyOf(Roles[i]));
        }
        var next = Roles.Count;
        for (var t = 0; t < Tenants.Count; t++)
        {
            yield return new($"CityMesh:Twin:Tenants:{t}", Tenants[t]);
            foreach (var role in Roles)
            {
                yield return new($"CityMesh:Access:ApiKeys:{next}:Name", $"{Tenants[t]}-{role}");
                yield return new($"CityMesh:Access:ApiKeys:{next}:Role", role);
                yield return new($"CityMesh:Access:ApiKeys:{next}:Key", TenantKeyOf(Tenants[t], role));
                yield return new($"CityMesh:Access:ApiKeys:{next}:Tenant", Tenants[t]);
                next++;
            }
        }
        yield return new("CityMesh:Access:Jwt:Issuer", Issuer);
        yield return new("CityMesh:Access:Jwt:Audience", Audience);
        yield return new("CityMesh:Access:Jwt:SigningKey", JwtKey);
        yield return new("CityMesh:Access:ServiceKey", ServiceKey);
    }

    /// <summary>Makes <paramref name="client"/> an admin's.</summary>
    public static HttpClient AsAdmin(this HttpClient client)
    {
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", KeyOf("admin"));
        return client;
    }
}
