using System.Security.Claims;

namespace CityMesh.Access;

/// <summary>
/// Who made a request or a decision, as recorded with every write: a person or client authenticated by API key or
/// JWT, or a CityMesh service acting on its own (<see cref="Service"/>).
/// </summary>
/// <param name="Name">The key's name or the token's subject; <c>service:transport</c> for a service.</param>
/// <param name="Role">One of <see cref="Roles.All"/>; <c>service</c> for a service.</param>
/// <param name="Via">How it authenticated: <c>api-key</c>, <c>jwt</c> or <c>service</c>.</param>
public sealed record Caller(string Name, string Role, string Via)
{
    public const string RoleClaim = ClaimTypes.Role;
    public const string ViaClaim = "citymesh:via";

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
        return new Caller(identity.Name ?? "(unnamed)", user.FindFirstValue(RoleClaim) ?? "(none)", user.FindFirstValue(ViaClaim) ?? identity.AuthenticationType ?? "(unknown)");
    }

    public override string ToString() => $"{Name} ({Role})";
}
