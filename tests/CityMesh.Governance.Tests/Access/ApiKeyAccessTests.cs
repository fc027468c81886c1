using System.Net;
using System.Net.Http.Json;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace CityMesh.Governance.Tests.Access;

public sealed class ApiKeyAccessTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await AccessHost.StartAsync(AccessHost.Configured());
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = null) =>
        _client.SendAsync(AccessHost.Request(method, path, key));

    [Fact]
    public async Task Missing_credentials_are_401_with_a_challenge_and_a_problem_saying_what_to_send()
    {
        var response = await SendAsync(HttpMethod.Get, "/read");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(401, problem!.Status);
        Assert.Contains("credentials are required", problem.Detail);
    }

    [Fact]
    public async Task An_endpoint_without_a_policy_answers_anonymous_callers()
    {
        var response = await SendAsync(HttpMethod.Get, "/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_is_401_and_the_key_is_not_echoed()
    {
        const string guess = "not-a-key-anyone-has-0000";
        var response = await SendAsync(HttpMethod.Get, "/read", guess);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("the API key is not known", body);
        Assert.DoesNotContain(guess, body);
    }

    [Fact]
    public async Task A_viewer_on_an_operator_endpoint_is_403_naming_the_role_required()
    {
        var response = await SendAsync(HttpMethod.Post, "/approve", AccessHost.ViewerKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("POST /approve requires the role operator; wall-display has the role viewer", problem!.Detail);
    }

    [Fact]
    public async Task An_operator_approves_and_is_named_with_role_and_how_it_authenticated()
    {
        var response = await SendAsync(HttpMethod.Post, "/approve", AccessHost.OperatorKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Caller("ops-console", Roles.Operator, "api-key"), await response.Content.ReadFromJsonAsync<Caller>());
    }

    [Fact]
    public async Task The_authorization_header_carries_a_key_too()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.TryAddWithoutValidation("Authorization", $"ApiKey {AccessHost.OperatorKey}");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ops-console", (await response.Content.ReadFromJsonAsync<Caller>())!.Name);
    }

    [Fact]
    public async Task A_key_configured_only_by_its_sha256_is_accepted()
    {
        var response = await SendAsync(HttpMethod.Get, "/admin", AccessHost.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Caller("city-admin", Roles.Admin, "api-key"), await response.Content.ReadFromJsonAsync<Caller>());
    }

    [Theory]
    [InlineData(AccessHost.ViewerKey, HttpStatusCode.Forbidden)]
    [InlineData(AccessHost.OperatorKey, HttpStatusCode.OK)]
    [InlineData(AccessHost.AdminKey, HttpStatusCode.OK)]
    public async Task Auditors_are_operators_and_admins(string key, HttpStatusCode expected)
    {
        var response = await SendAsync(HttpMethod.Get, "/audit", key);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Any_role_reads()
    {
        foreach (var key in new[] { AccessHost.ViewerKey, AccessHost.OperatorKey, AccessHost.AdminKey })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/read", key)).StatusCode);
    }

    [Fact]
    public async Task Two_credentials_at_once_are_refused()
    {
        var request = AccessHost.Request(HttpMethod.Get, "/read", AccessHost.OperatorKey);
        request.Headers.TryAddWithoutValidation("Authorization", $"ApiKey {AccessHost.ViewerKey}");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("send one credential", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task An_unknown_authorization_scheme_is_named()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Authorization = new("Basic", "dXNlcjpwYXNz");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("'Basic' is not accepted", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }
}
