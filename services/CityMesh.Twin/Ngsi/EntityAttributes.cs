using CityMesh.Twin.Model;

namespace CityMesh.Twin.Ngsi;

/// <summary>Which attributes an entity answers with: those the codec writes for it (see <c>NgsiLdCodec.WriteEntity</c>).</summary>
public static class EntityAttributes
{
    /// <param name="name">A name as the store keeps it.</param>
    public static bool Has(Entity entity, string name) => name switch
    {
        "location" => entity.Location is not null,
        "appearance" => entity.AppearanceRef is not null,
        _ => entity.AttributeNames.Contains(name, StringComparer.Ordinal),
    };
}
