namespace CityMesh.Contracts.Twin;

/// <summary>Entity identifiers: <c>urn:ngsi-ld:&lt;Type&gt;:&lt;city&gt;:&lt;localId&gt;</c>.</summary>
public static class EntityIds
{
    public const string Prefix = "urn:ngsi-ld:";

    public static string Create(string type, string city, string localId) => $"{Prefix}{type}:{city}:{localId}";

    /// <summary>The type segment of a CityMesh urn, or null when the id does not follow the pattern.</summary>
    public static string? TypeOf(string id)
    {
        if (!id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = id.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        return colon <= 0 ? null : rest[..colon].ToString();
    }
}
