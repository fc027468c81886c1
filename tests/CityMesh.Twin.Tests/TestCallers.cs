using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Tests;

/// <summary>Callers for test hosts that compose the twin's endpoints by hand: an admin key, and access as the server sets it up.</summary>
internal static class TestCallers
{
    public const string AdminKey = "admin-key-for-twin-tests-0123456789";

    public static void AddAccess(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Access:ApiKeys:0:Name"] = "test-admin",
            ["CityMesh:Access:ApiKeys:0:Role"] = Roles.Admin,
            ["CityMesh:Access:ApiKeys:0:Key"] = AdminKey,
        });
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.TryAddSingleton<Ngsi.Access.NgsiAccess>();
    }

    public static void UseAccess(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static HttpClient AsAdmin(this HttpClient http)
    {
        http.DefaultRequestHeaders.Add(AccessAuthentication.ApiKeyHeader, AdminKey);
        return http;
    }
}
