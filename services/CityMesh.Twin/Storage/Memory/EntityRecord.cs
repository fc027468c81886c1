using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// The mutable, compact form of an entity inside <see cref="MemoryTwinStore"/>. Every read or write of its fields
/// holds the record's monitor (<c>lock (record)</c>), so readers see a whole write or none of it.
/// </summary>
internal sealed class EntityRecord(string id, string type)
{
    private static int _created;

    /// <summary>
    /// The record's hash in the indexes' sets: a number of its own, not the runtime's identity hash. That hash lives
    /// in the object header, where the monitor also keeps its lock word, so once a record had one every
    /// <c>lock (record)</c> took the slow path through a sync block (measured: a few microseconds each on a record's
    /// first lock, on the ingest path). Equality stays reference equality: one record per id.
    /// </summary>
    private readonly int _hash = Interlocked.Increment(ref _created);

    public override int GetHashCode() => _hash;

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public string Id { get; } = id;
    public string Type { get; set; } = type;
    public IReadOnlyList<string> OtherTypes = [];
    public IReadOnlyList<string> Scope = [];
    public EntityCategory Category => Entity.CategoryOf(Type, OtherTypes);
    public string? AppearanceRef;
    public Geometry? Location;
    public long CreatedTicks;
    public long ModifiedTicks;
    public bool Deleted;
    public AttributeSlot[] Attributes = [];

    /// <summary>Used only while chaining a telemetry batch, under the store's chain gate.</summary>
    public long ChainBatch;
    public int ChainTail;

    /// <summary>The default instance (no datasetId) of an attribute.</summary>
    public AttributeSlot? Find(string name)
    {
        foreach (var slot in Attributes)
        {
            if ((ReferenceEquals(slot.Name, name) || slot.Name == name) && slot.DatasetId is null) return slot;
        }
        return null;
    }

    /// <summary>The instance of an attribute with the given datasetId (null: the default one).</summary>
    public AttributeSlot? Find(string name, string? datasetId)
    {
        if (datasetId is null) return Find(name);
        foreach (var slot in Attributes)
        {
            if (slot.Name == name && slot.DatasetId == datasetId) return slot;
        }
        return null;
    }

    /// <summary>Whether any instance of the name is a relationship (null: the entity has no such attribute).</summary>
    public bool? IsRelationship(string name)
    {
        foreach (var slot in Attributes)
        {
            if (slot.Name == name) return slot.IsRelationship;
        }
        return null;
    }

    public bool IsOfType(string type) => Type == type || (OtherTypes.Count > 0 && OtherTypes.Contains(type));

    public void Add(AttributeSlot slot) => Attributes = [.. Attributes, slot];

    public void Remove(AttributeSlot slot) => Attributes = [.. Attributes.Where(s => s != slot)];

    /// <summary>An immutable snapshot; <paramref name="attrs"/> projects attributes (null: all).</summary>
    public Entity ToEntity(IReadOnlyList<string>? attrs = null)
    {
        var properties = new Dictionary<string, Property>();
        var relationships = new Dictionary<string, Relationship>();
        Dictionary<string, IReadOnlyList<Property>>? propertyDatasets = null;
        Dictionary<string, IReadOnlyList<Relationship>>? relationshipDatasets = null;
        foreach (var slot in Attributes)
        {
            if (attrs is not null && !attrs.Contains(slot.Name)) continue;
            if (slot.DatasetId is not null)
            {
                if (slot.IsRelationship) Append(relationshipDatasets ??= new(StringComparer.Ordinal), slot.Name, slot.ToRelationship());
                else Append(propertyDatasets ??= new(StringComparer.Ordinal), slot.Name, slot.ToProperty());
            }
            else if (slot.IsRelationship) relationships[slot.Name] = slot.ToRelationship();
            else properties[slot.Name] = slot.ToProperty();
        }
        return new Entity
        {
            Id = Id,
            Type = Type,
            OtherTypes = OtherTypes,
            Scope = Scope,
            AppearanceRef = AppearanceRef,
            PropertyDatasets = propertyDatasets ?? Entity.EmptyPropertyDatasets,
            RelationshipDatasets = relationshipDatasets ?? Entity.EmptyRelationshipDatasets,
            Location = attrs is null || attrs.Contains("location") ? Location : null,
            Properties = properties,
            Relationships = relationships,
            CreatedAt = new DateTimeOffset(CreatedTicks, TimeSpan.Zero),
            ModifiedAt = new DateTimeOffset(ModifiedTicks, TimeSpan.Zero),
        };
    }

    private static void Append<T>(Dictionary<string, IReadOnlyList<T>> into, string name, T item) =>
        into[name] = into.TryGetValue(name, out var list) ? [.. list, item] : [item];

    /// <summary>For q: a property's value, or a relationship's target id.</summary>
    public TwinValue? Resolve(string name) => Find(name)?.Value;
}
