namespace CityMesh.Twin.Client;

/// <summary>The twin's data cannot serve what was asked of it (a simulation, a network): names the entity and attribute at fault.</summary>
public sealed class TwinDataException(string entityId, string attribute, string reason)
    : Exception($"{entityId} {attribute}: {reason}")
{
    public string EntityId { get; } = entityId;
    public string Attribute { get; } = attribute;
}
