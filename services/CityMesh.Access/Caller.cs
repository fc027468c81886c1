using System.Security.Claims;

namespace CityMesh.Access;

/// <summary>
/// Who made a request or a decision, as recorded with every write: a person or client authenticated by API key or
/// JWT, or a CityMesh service acting on its own (<see cref="Service"/>).
/// </summary>
/// <param name="Name">The key's name or the token's subject; <c>service:transport</c> for a service.</param>
/// <param name="Role">One of <see cref="Roles.All"/>; <c>service</c> for a service.</param>
/// <param name="Via">How it authenticated: <c>api-key</c>, <c>jwt</c> or <c>service</c>.</param>
/// <param name="Tenant">
/// The NGSI-LD tenant the caller belongs to (<see cref="Tenants"/>), where alone it holds <paramref name="Role"/>;
/// null for the city's own callers.
/// </param>
public sealed record Caller(string Name, string Role, string Via, string? Tenant = null)
{
    /// <summary>
    /// The role as the authorization policies see it. A tenant caller's is <c>ROLE@TENANT</c>, which no policy names,
    /// so it is refused everywhere but the NGSI-LD API of its own tenant.
    /// </summary>
    public const string RoleClaim = ClaimTypes.Role;
    public const string ViaClaim = "citymesh:via";
    public const string TenantClaim = "citymesh:tenant";

    /// <summary>A CityMesh service acting on its own, e.g. guardrails approving an action within limits.</summary>
    public static Caller Service(string service) => new($"{ServiceIdentity.NamePrefix}{service}", Roles.Service, AccessAuthentication.ViaService);

    /// <summary>Whether this is the CityMesh service <paramref name="service"/> (authenticated with the service key).</summary>
    public bool IsService(string service) => Role == Roles.Service && Name == ServiceIdentity.NamePrefix + service;

    /// <summary>The caller behind a request, or null when it carries no credentials.</summary>
    public static Caller? Of(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true } ? From(user) : null;

    /// <summary>The caller behind an authenticated request.</summary>
    /// <exception cref="InvalidOperationException">The principal is not authenticated (an endpoint without a policy).</exception>
    public static Caller From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
            throw new InvalidOperationException("the request is not authenticated; the endpoint must require a policy from Roles.Policy");
        var tenant = user.FindFirstValue(TenantClaim);
        var role = user.FindFirstValue(RoleClaim) ?? "(none)";
        if (tenant is not null && role.EndsWith("@" + tenant, StringComparison.Ordinal)) role = role[..^(tenant.Length + 1)];
        return new Caller(identity.Name ?? "(unnamed)", role, user.FindFirstValue(ViaClaim) ?? identity.AuthenticationType ?? "(unknown)", tenant);
    }

    public override string ToString() => Tenant is null ? $"{Name} ({Role})" : $"{Name} ({Role} of tenant {Tenant})";
}
