namespace CityMesh.Twin.Model;

/// <summary>What the twin accepts as an entity id (<see cref="CityMesh.Contracts.Twin.EntityIds"/> builds CityMesh's own).</summary>
public static class EntityIdSyntax
{
    /// <summary>
    /// NGSI-LD only requires an absolute URI; CityMesh's own ids follow <c>urn:ngsi-ld:&lt;Type&gt;:&lt;city&gt;:&lt;localId&gt;</c>,
    /// but entities created through the API may carry any absolute URI (a FIWARE tool's id, say).
    /// </summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && id.Length <= 512
        && !id.Any(char.IsWhiteSpace)
        && StoredText.Problem(id) is null
        && Uri.TryCreate(id, UriKind.Absolute, out var uri)
        && !string.IsNullOrEmpty(uri.Scheme)
        && id.IndexOf(':') > 0;
}
