using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityMesh.Access;

/// <summary>
/// The one authentication scheme: an API key (<c>X-Api-Key: KEY</c> or <c>Authorization: ApiKey KEY</c>) or an HS256
/// JWT (<c>Authorization: Bearer TOKEN</c>). A request without credentials is anonymous (endpoints without a policy,
/// such as health, still answer); one with bad credentials fails, and the 401 says why without echoing secrets.
/// </summary>
public sealed class AccessAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessCredentials credentials, ServiceIdentity services, DashboardSessions sessions, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CityMesh";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ViaApiKey = "api-key";
    public const string ViaJwt = "jwt";
    public const string ViaService = "service";
    public const string ViaSession = "session";

    private const string NotConfigured = $"no credentials are configured on this server: set API keys or a JWT signing key under {AccessOptions.Section}";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        var apiKeys = Request.Headers[ApiKeyHeader];
        var authorization = Request.Headers.Authorization;
        if (apiKeys.Count == 0 && authorization.Count == 0) return BySession();
        if (apiKeys.Count + authorization.Count > 1) return AuthenticateResult.Fail($"send one credential: either {ApiKeyHeader} or Authorization, once");
        if (apiKeys.Count == 1) return credentials.Options.HasCredentials ? ByApiKey(apiKeys[0]) : AuthenticateResult.Fail(NotConfigured);

        if (!AuthenticationHeaderValue.TryParse(authorization[0], out var header) || string.IsNullOrEmpty(header.Parameter))
            return AuthenticateResult.Fail("the Authorization header is not 'Bearer TOKEN' or 'ApiKey KEY'");
        if (header.Scheme.Equals("ApiKey", StringComparison.OrdinalIgnoreCase))
            return credentials.Options.HasCredentials ? ByApiKey(header.Parameter) : AuthenticateResult.Fail(NotConfigured);
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return ByJwt(header.Parameter);
        return AuthenticateResult.Fail($"the Authorization scheme '{header.Scheme}' is not accepted; use Bearer or ApiKey");
    }

    private AuthenticateResult ByApiKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return AuthenticateResult.Fail("the API key is empty");
        if (credentials.Options.ApiKeys.Count == 0) return AuthenticateResult.Fail($"API keys are not accepted here: none is configured under {AccessOptions.Section}:ApiKeys");
        return credentials.FindKey(key) is { } holder
            ? Success(holder.Name, holder.Role, ViaApiKey, holder.Tenant)
            : AuthenticateResult.Fail("the API key is not known");
    }

    /// <summary>The browser's dashboard session, on safe methods only (see <see cref="DashboardSessions"/>).</summary>
    private AuthenticateResult BySession()
    {
        if (!Request.Cookies.TryGetValue(DashboardSessions.CookieName, out var cookie) || string.IsNullOrEmpty(cookie)) return AuthenticateResult.NoResult();
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method)) return AuthenticateResult.NoResult();
        var check = sessions.Check(cookie);
        return check.Valid ? Success(check.Name!, check.Role!, ViaSession, check.Tenant) : AuthenticateResult.Fail($"the dashboard session is no longer valid ({check.Error}); sign in again");
    }

    /// <summary>A CityMesh service's token (signed with the service key) or a person's (signed with the JWT key).</summary>
    private AuthenticateResult ByJwt(string token)
    {
        if (services.IsSignedByServiceKey(token))
        {
            var service = services.Check(token);
            return service.Valid ? Success(service.Name!, Roles.Service, ViaService) : AuthenticateResult.Fail($"service token: {service.Error}");
        }
        if (credentials.Options.Jwt is not { } jwt)
            return AuthenticateResult.Fail(credentials.Options.HasCredentials
                ? $"bearer tokens are not accepted here: no signing key is configured under {AccessOptions.Section}:Jwt"
                : NotConfigured);
        var check = JwtTokens.Check(token, jwt, clock.GetUtcNow());
        return check.Valid ? Success(check.Name!, check.Role!, ViaJwt, check.Tenant) : AuthenticateResult.Fail(check.Error!);
    }

    private AuthenticateResult Success(string name, string role, string via, string? tenant = null)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(Caller.RoleClaim, Tenants.RoleClaimValue(role, tenant)), new(Caller.ViaClaim, via)];
        if (tenant is not null) claims.Add(new Claim(Caller.TenantClaim, tenant));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, Caller.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? (credentials.Options.HasCredentials
            ? $"credentials are required: send {ApiKeyHeader}: KEY, Authorization: ApiKey KEY or Authorization: Bearer TOKEN"
            : NotConfigured);
        if (GrpcRefusal.IsGrpc(Request))
        {
            await GrpcRefusal.WriteAsync(Response, GrpcRefusal.Unauthenticated, detail);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", result.Failure is null ? "Bearer realm=\"citymesh\"" : "Bearer realm=\"citymesh\", error=\"invalid_token\"");
        Response.Headers.Append("WWW-Authenticate", "ApiKey realm=\"citymesh\"");
        await Response.WriteAsJsonAsync(
            new ProblemDetails { Status = 401, Title = "Unauthorized", Detail = detail, Instance = Request.Path },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
