using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace CityMesh.Governance.Tests.Access;

public sealed class JwtAccessTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(Now);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await AccessHost.StartAsync(AccessHost.Configured(), _clock);
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Token(string role = Roles.Operator, string key = AccessHost.SigningKey, string audience = AccessHost.Audience,
        DateTimeOffset? issued = null, TimeSpan? lifetime = null) =>
        JwtTokens.CreateHs256(key, AccessHost.Issuer, audience, "alice@ops", role, lifetime ?? TimeSpan.FromHours(1), new FixedClock(issued ?? Now));

    private async Task<(HttpStatusCode Status, string? Detail)> ApproveAsync(string token)
    {
        var response = await _client.SendAsync(AccessHost.Request(HttpMethod.Post, "/approve", bearer: token));
        if (response.StatusCode == HttpStatusCode.OK) return (response.StatusCode, null);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_good_token_names_its_subject_and_role()
    {
        var response = await _client.SendAsync(AccessHost.Request(HttpMethod.Post, "/approve", bearer: Token()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Caller("alice@ops", Roles.Operator, "jwt"), await response.Content.ReadFromJsonAsync<Caller>());
    }

    [Fact]
    public async Task A_tenants_token_names_its_tenant_and_holds_no_role_in_the_city()
    {
        var token = JwtTokens.CreateHs256(AccessHost.SigningKey, new Dictionary<string, object?>
        {
            ["iss"] = AccessHost.Issuer, ["aud"] = AccessHost.Audience, ["sub"] = "bo@water", ["role"] = Roles.Admin, ["tenant"] = "water-utility",
            ["exp"] = Now.AddHours(1).ToUnixTimeSeconds(),
        });
        var check = JwtTokens.Check(token, new JwtOptions { Issuer = AccessHost.Issuer, Audience = AccessHost.Audience, SigningKey = AccessHost.SigningKey }, Now);
        Assert.Equal(new JwtCheck("bo@water", Roles.Admin, null, "water-utility"), check);

        // An admin of a tenant is nobody to the city's endpoints, every policy included.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/read"), (HttpMethod.Post, "/approve"), (HttpMethod.Get, "/admin") })
            Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(AccessHost.Request(method, path, bearer: token))).StatusCode);
    }

    [Theory]
    [InlineData("\"Water Utility\"")]
    [InlineData("42")]
    [InlineData("\"\"")]
    public async Task A_tenant_claim_that_names_no_tenant_is_refused(string claim)
    {
        var payload = $$"""{"iss":"{{AccessHost.Issuer}}","aud":"{{AccessHost.Audience}}","sub":"x","role":"viewer","tenant":{{claim}},"exp":{{Now.AddHours(1).ToUnixTimeSeconds()}}}""";
        var token = JwtTokens.CreateHs256(AccessHost.SigningKey, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(payload)!);
        var (status, detail) = await ApproveAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("'tenant' claim is not a tenant", detail);
    }

    [Fact]
    public async Task An_expired_token_is_401_saying_when_it_expired()
    {
        var (status, detail) = await ApproveAsync(Token(issued: Now.AddHours(-2)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token expired at 2026-03-01T07:00:00Z", detail);
    }

    [Fact]
    public async Task Expiry_within_the_clock_skew_is_tolerated_and_beyond_it_is_not()
    {
        var token = Token(issued: Now.AddHours(-1).AddSeconds(-30));
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(token)).Status);

        _clock.Now = Now.AddSeconds(31);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApproveAsync(token)).Status);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused()
    {
        var (status, detail) = await ApproveAsync(Token(issued: Now.AddMinutes(10)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("not valid before", detail);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401_bad_signature()
    {
        var (status, detail) = await ApproveAsync(Token(key: "another-signing-key-of-32-bytes-or-more"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token's signature does not match", detail);
    }

    [Fact]
    public async Task A_token_whose_payload_was_edited_after_signing_is_refused()
    {
        var parts = Token(role: Roles.Viewer).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"viewer\"", "\"admin\"");
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        var (status, detail) = await ApproveAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token's signature does not match", detail);
    }

    [Theory]
    [InlineData("none", "")]
    [InlineData("HS512", "c2ln")]
    [InlineData("RS256", "c2ln")]
    public async Task Algorithms_other_than_HS256_are_refused_before_any_signature_is_trusted(string alg, string signature)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","typ":"JWT"}"""));
        var claims = Token().Split('.')[1];

        var (status, detail) = await ApproveAsync($"{header}.{claims}.{signature}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal($"alg '{alg}' is refused; only HS256 is accepted", detail);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var (status, detail) = await ApproveAsync(Token(audience: "payroll"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token's audience (aud) is not this service", detail);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = JwtTokens.CreateHs256(AccessHost.SigningKey, "https://elsewhere", AccessHost.Audience, "mallory", Roles.Admin, TimeSpan.FromHours(1), _clock);

        var (status, detail) = await ApproveAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token's issuer (iss) is not the one configured", detail);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_the_roles_there_are()
    {
        var (status, detail) = await ApproveAsync(Token(role: "boss"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token's role 'boss' is not one of viewer, data-provider, operator, scenario-author or admin", detail);
    }

    [Fact]
    public async Task A_token_without_expiry_is_refused()
    {
        var token = JwtTokens.CreateHs256(AccessHost.SigningKey, new Dictionary<string, object?>
        {
            ["iss"] = AccessHost.Issuer, ["aud"] = AccessHost.Audience, ["sub"] = "alice", ["role"] = Roles.Operator,
        });

        var (status, detail) = await ApproveAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("the token has no exp (expiry) claim", detail);
    }

    [Fact]
    public async Task The_name_claim_names_the_caller_when_there_is_no_subject_and_audience_may_be_a_list()
    {
        var token = JwtTokens.CreateHs256(AccessHost.SigningKey, new Dictionary<string, object?>
        {
            ["iss"] = AccessHost.Issuer, ["aud"] = new[] { "other", AccessHost.Audience }, ["name"] = "Bo Operator",
            ["role"] = Roles.Operator, ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds(),
        });

        var response = await _client.SendAsync(AccessHost.Request(HttpMethod.Post, "/approve", bearer: token));

        Assert.Equal(new Caller("Bo Operator", Roles.Operator, "jwt"), await response.Content.ReadFromJsonAsync<Caller>());
    }

    [Fact]
    public async Task A_viewer_token_on_an_operator_endpoint_is_403()
    {
        var (status, detail) = await ApproveAsync(Token(role: Roles.Viewer));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("requires the role operator", detail);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b")]
    [InlineData("!!!.###.$$$")]
    public async Task Garbage_is_401_not_500(string token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApproveAsync(token)).Status);
    }
}
