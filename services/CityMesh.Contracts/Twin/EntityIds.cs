namespace CityMesh.Contracts.Twin;

/// <summary>Entity identifiers: <c>urn:ngsi-ld:&lt;Type&gt;:&lt;city&gt;:&lt;localId&gt;</c>.</summary>
public static class EntityIds
{
    public const string Prefix = "urn:ngsi-ld:";

    public static string Create(string type, string city, string localId) => $"{Prefix}{type}:{city}:{localId}";

    /// <summary>
    /// A road network's own id as the local id of the entity it becomes. A network's ids may hold characters a URN
    /// may not carry as they are ('#' starts a fragment; SUMO names the parts of a split way "-23178953#1") or that
    /// the id's pattern reads as separators (':'); every character but RFC 3986's unreserved ones (letters, digits,
    /// '-', '.', '_', '~') is percent-encoded, '%' included, so <see cref="NetworkIdOf"/> gives the id back whole.
    /// Ids of letters, digits and '_' (all of CityFlow's) stay as they are.
    /// </summary>
    public static string LocalIdOf(string networkId) => Uri.EscapeDataString(networkId);

    /// <summary>The road network's own id of a local id <see cref="LocalIdOf"/> made.</summary>
    public static string NetworkIdOf(string localId) => Uri.UnescapeDataString(localId);

    /// <summary>
    /// The type segment of a CityMesh urn, or null when the id does not follow the pattern. A type CityMesh knows
    /// (<see cref="EntityTypes.Known"/>) comes back as that one string, not a new copy: this runs once per changed
    /// entity on the telemetry path.
    /// </summary>
    public static string? TypeOf(string id)
    {
        if (!id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = id.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0) return null;
        var type = rest[..colon];
        return KnownTypes.TryGetValue(type, out var known) ? known : type.ToString();
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownTypes =
        EntityTypes.Known.Keys.ToDictionary(t => t, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
}
