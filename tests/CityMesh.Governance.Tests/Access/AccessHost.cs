using System.Security.Claims;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Tests.Access;

/// <summary>A test server with the access scheme and an endpoint per policy, each answering with its caller.</summary>
internal static class AccessHost
{
    public const string ViewerKey = "viewer-key-0123456789abcdef";
    public const string OperatorKey = "operator-key-0123456789abcdef";
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string AuditorHashedKey = "hashed-key-0123456789abcdef";
    public const string SigningKey = "a-signing-key-of-at-least-32-bytes!!";
    public const string Issuer = "https://id.example.city";
    public const string Audience = "citymesh";

    public static Dictionary<string, string?> Configured() => new()
    {
        ["CityMesh:Access:ApiKeys:0:Name"] = "wall-display",
        ["CityMesh:Access:ApiKeys:0:Role"] = Roles.Viewer,
        ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
        ["CityMesh:Access:ApiKeys:1:Name"] = "ops-console",
        ["CityMesh:Access:ApiKeys:1:Role"] = Roles.Operator,
        ["CityMesh:Access:ApiKeys:1:Key"] = OperatorKey,
        ["CityMesh:Access:ApiKeys:2:Name"] = "city-admin",
        ["CityMesh:Access:ApiKeys:2:Role"] = Roles.Admin,
        ["CityMesh:Access:ApiKeys:2:KeySha256"] = ApiKeyDigest.OfKey(AdminKey).ToUpperInvariant(),
        ["CityMesh:Access:Jwt:Issuer"] = Issuer,
        ["CityMesh:Access:Jwt:Audience"] = Audience,
        ["CityMesh:Access:Jwt:SigningKey"] = SigningKey,
    };

    public static async Task<WebApplication> StartAsync(Dictionary<string, string?> configuration, TimeProvider? clock = null,
        Action<WebApplication>? map = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration);
        if (clock is not null) builder.Services.AddSingleton(clock);
        builder.Services.AddCityMeshAccess(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", () => "ok");
        app.MapGet("/read", (ClaimsPrincipal user) => Caller.From(user)).RequireAuthorization(Roles.Policy.Viewer);
        app.MapPost("/approve", (ClaimsPrincipal user) => Caller.From(user)).RequireAuthorization(Roles.Policy.Operator);
        app.MapGet("/audit", (ClaimsPrincipal user) => Caller.From(user)).RequireAuthorization(Roles.Policy.Auditor);
        app.MapGet("/admin", (ClaimsPrincipal user) => Caller.From(user)).RequireAuthorization(Roles.Policy.Admin);
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return request;
    }
}
