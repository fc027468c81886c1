namespace CityMesh.Twin.Model;

/// <summary>Entity identifiers: <c>urn:ngsi-ld:&lt;Type&gt;:&lt;city&gt;:&lt;localId&gt;</c>.</summary>
public static class EntityIds
{
    public const string Prefix = "urn:ngsi-ld:";

    public static string Create(string type, string city, string localId) => $"{Prefix}{type}:{city}:{localId}";

    /// <summary>
    /// NGSI-LD only requires an absolute URI; CityMesh's own ids follow the urn pattern above, but entities
    /// created through the API may carry any absolute URI (a FIWARE tool's id, say).
    /// </summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && id.Length <= 512
        && !id.Any(char.IsWhiteSpace)
        && StoredText.Problem(id) is null
        && Uri.TryCreate(id, UriKind.Absolute, out var uri)
        && !string.IsNullOrEmpty(uri.Scheme)
        && id.IndexOf(':') > 0;

    /// <summary>The type segment of a CityMesh urn, or null when the id does not follow the pattern.</summary>
    public static string? TypeOf(string id)
    {
        if (!id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = id.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        return colon <= 0 ? null : rest[..colon].ToString();
    }
}
