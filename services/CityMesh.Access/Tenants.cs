using System.Buffers;

namespace CityMesh.Access;

/// <summary>
/// NGSI-LD tenants (the <c>NGSILD-Tenant</c> header): separate information spaces in one twin, for organisations that
/// share a city's platform without sharing its data, such as a utility or a neighbouring district. A caller belongs to
/// one tenant and holds its role only there: a key or token with a tenant reads and writes that tenant's entities and
/// nothing else of the city, and the city's own callers (no tenant) never reach a tenant's entities.
/// </summary>
public static class Tenants
{
    /// <summary>The request header naming the tenant (ETSI GS CIM 009, 6.3.14).</summary>
    public const string Header = "NGSILD-Tenant";

    public const int MaxNameLength = 40;

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>
    /// Why <paramref name="name"/> cannot name a tenant, or null. Names are lowercase letters, digits and hyphens,
    /// starting with a letter: they become a database schema's name, so the rule keeps two names from sharing one.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "a tenant name is empty";
        if (name.Length > MaxNameLength) return $"a tenant name has at most {MaxNameLength} characters; this one has {name.Length}";
        if (name[0] is < 'a' or > 'z' || name.AsSpan().ContainsAnyExcept(NameCharacters))
            return "a tenant name is lowercase letters, digits and hyphens, starting with a letter (such as 'water-utility')";
        return null;
    }

    /// <summary>How a tenant caller's role is held as a claim: <c>operator@water-utility</c>, which no city policy names.</summary>
    internal static string RoleClaimValue(string role, string? tenant) => tenant is null ? role : $"{role}@{tenant}";
}
