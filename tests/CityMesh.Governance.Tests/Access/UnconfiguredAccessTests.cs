using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace CityMesh.Governance.Tests.Access;

/// <summary>A server with neither keys nor a signing key lets no one in, and says where to configure them.</summary>
public sealed class UnconfiguredAccessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(AccessHost.OperatorKey)]
    public async Task Every_protected_endpoint_is_401_explaining_that_no_credentials_are_configured(string? key)
    {
        await using var app = await AccessHost.StartAsync([]);

        var response = await app.GetTestClient().SendAsync(AccessHost.Request(HttpMethod.Get, "/read", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("no credentials are configured", problem!.Detail);
        Assert.Contains("CityMesh:Access", problem.Detail);
    }

    [Fact]
    public async Task Health_still_answers()
    {
        await using var app = await AccessHost.StartAsync([]);

        Assert.Equal(HttpStatusCode.OK, (await app.GetTestClient().GetAsync("/health")).StatusCode);
    }
}
