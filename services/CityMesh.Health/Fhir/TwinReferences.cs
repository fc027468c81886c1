using CityMesh.Contracts.Twin;

namespace CityMesh.Health.Fhir;

/// <summary>
/// How FHIR names the twin's entities, one rule for every resource the intake takes: a resource id is the twin's local
/// id in this city (<c>Location/h1</c> is <c>urn:ngsi-ld:Hospital:{city}:h1</c>), and a full <c>urn:ngsi-ld</c> URN
/// of the expected type names the entity directly (for senders that keep the twin's ids).
/// </summary>
public static class TwinReferences
{
    /// <summary>The entity of <paramref name="entityType"/> a reference names, or null when it names none.</summary>
    /// <param name="resourceTypes">The FHIR resource types the reference may point at (<c>Location</c>, <c>Organization</c>).</param>
    public static string? Resolve(string? reference, string entityType, string city, params string[] resourceTypes)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        if (IsUrnOf(reference, entityType)) return reference;
        var parts = reference.Split('/');
        return parts.Length == 2 && resourceTypes.Contains(parts[0], StringComparer.Ordinal) ? FromLocalId(parts[1], entityType, city) : null;
    }

    /// <summary>The entity a FHIR resource id names (the twin's local id), or null when it is not one.</summary>
    public static string? FromLocalId(string? id, string entityType, string city) =>
        id is { Length: > 0 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? EntityIds.Create(entityType, city, id) : null;

    /// <summary>Whether <paramref name="value"/> is a full URN of an entity of <paramref name="entityType"/>.</summary>
    public static bool IsUrnOf(string? value, string entityType) =>
        value is not null && value.StartsWith($"{EntityIds.Prefix}{entityType}:", StringComparison.Ordinal);
}
