using CityMesh.Limits.Settings;

namespace CityMesh.Access;

/// <summary>
/// Settings under <c>CityMesh:Access</c>: who may call, by API key or JWT bearer token. With neither configured every
/// protected endpoint answers 401 saying so, rather than letting anyone in.
/// </summary>
public sealed record AccessOptions : ISettings<AccessOptions>
{
    public const string Section = "CityMesh:Access";

    static string ISettings<AccessOptions>.Section => Section;

    public IReadOnlyList<ApiKeyOptions> ApiKeys { get; init; } = [];

    /// <summary>JWT bearer tokens signed with a shared HS256 secret; null when tokens are not accepted.</summary>
    public JwtOptions? Jwt { get; init; }

    /// <summary>
    /// The secret (≥ 32 bytes, UTF-8) every CityMesh service of this city shares to prove itself to the others
    /// (<see cref="ServiceIdentity"/>). Unset: each process makes its own at start, which is enough when every module
    /// runs in one process (<c>--target all</c>) and refuses calls between separately deployed services.
    /// </summary>
    public string? ServiceKey { get; init; }

    /// <summary>
    /// Entity types anyone may read from the NGSI-LD API without credentials: the city's open data. Empty (the
    /// default): every read needs a caller.
    /// </summary>
    public IReadOnlyList<string> OpenDataTypes { get; init; } = [];

    /// <summary>Whether any way in is configured.</summary>
    public bool HasCredentials => ApiKeys.Count > 0 || Jwt is not null;

    /// <exception cref="InvalidOperationException">
    /// A setting is wrong; the message names every problem (<see cref="AccessOptionsValidation.Problems"/>), each by its key.
    /// </exception>
    public AccessOptions Validated()
    {
        var problems = AccessOptionsValidation.Problems(this);
        return problems.Count == 0 ? this : throw new InvalidOperationException(string.Join("; ", problems) + ".");
    }
}

/// <summary>
/// One API key: a client's name, its role and the key itself (<see cref="Key"/>) or, so the secret need not sit in
/// configuration, its SHA-256 (<see cref="KeySha256"/>, hex). Exactly one of the two.
/// </summary>
public sealed record ApiKeyOptions
{
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string? Key { get; init; }
    public string? KeySha256 { get; init; }

    /// <summary>
    /// The NGSI-LD tenant the key belongs to (<see cref="Tenants"/>): it holds <see cref="Role"/> there and nowhere
    /// else. Unset: the city's own key.
    /// </summary>
    public string? Tenant { get; init; }
}

/// <summary>JWT bearer tokens: HS256 only, from <see cref="Issuer"/> for <see cref="Audience"/>.</summary>
public sealed record JwtOptions
{
    public string Issuer { get; init; } = "";
    public string Audience { get; init; } = "";

    /// <summary>The HS256 secret, as UTF-8; at least <see cref="JwtTokens.MinimumKeyBytes"/> bytes.</summary>
    public string SigningKey { get; init; } = "";

    /// <summary>The claim holding the caller's role, one of <see cref="Roles.All"/>.</summary>
    public string RoleClaim { get; init; } = "role";

    /// <summary>
    /// The claim naming the caller's NGSI-LD tenant (<see cref="Tenants"/>); a token without it is the city's own.
    /// </summary>
    public string TenantClaim { get; init; } = "tenant";

    /// <summary>Tolerance for clocks that disagree, applied to <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);
}
