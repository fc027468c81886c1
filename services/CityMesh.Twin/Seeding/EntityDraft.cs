using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>Collects one seeded entity's attributes; ids and categories follow the twin's conventions.</summary>
internal sealed class EntityDraft(string type, string city, string localId)
{
    private readonly Dictionary<string, Property> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Relationship> _relationships = new(StringComparer.Ordinal);
    private Geometry? _location;

    public string Id { get; } = EntityIds.Create(type, city, localId);

    public EntityDraft At(Geometry location)
    {
        _location = location;
        return this;
    }

    public EntityDraft With(string name, double value, string? unitCode = null)
    {
        _properties[name] = new Property(TwinValue.Of(value), unitCode);
        return this;
    }

    public EntityDraft With(string name, string value)
    {
        _properties[name] = new Property(TwinValue.Of(value));
        return this;
    }

    public EntityDraft With(string name, bool value)
    {
        _properties[name] = new Property(TwinValue.Of(value));
        return this;
    }

    /// <summary>A structured value (object or array), serialised with web (camelCase) names.</summary>
    public EntityDraft WithStructure<T>(string name, T value, string? unitCode = null)
    {
        _properties[name] = new Property(TwinValue.FromJson(JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web)), unitCode);
        return this;
    }

    public EntityDraft Link(string name, string targetId)
    {
        _relationships[name] = new Relationship(targetId);
        return this;
    }

    /// <summary>A water network's element (<see cref="WaterNetworkEntities"/>) as a draft of this city.</summary>
    public static EntityDraft From(TwinElement element, string city)
    {
        var draft = new EntityDraft(element.Type, city, element.LocalId) { _location = element.Location };
        foreach (var (name, property) in element.Properties)
            draft._properties[name] = new Property(TwinValue.FromJson(property.Value), property.Unit);
        foreach (var (name, (type, localId)) in element.Relationships)
            draft._relationships[name] = new Relationship(EntityIds.Create(type, city, localId));
        return draft;
    }

    public Entity Build() => new()
    {
        Id = Id,
        Type = type,
        Location = _location,
        Properties = _properties,
        Relationships = _relationships,
    };
}
