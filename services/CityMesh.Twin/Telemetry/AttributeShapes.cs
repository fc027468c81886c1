using System.Collections.Concurrent;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Telemetry;

/// <summary>What a reading is checked against: an attribute's kind and unit, or that it is a relationship.</summary>
public readonly record struct AttributeShape(bool IsRelationship, TwinValueKind Kind, string? UnitCode);

/// <summary>
/// The ingestor's view of each entity's attributes, so a reading's type and unit are checked without reading the
/// entity per reading. Entities are loaded in pages of ids the first time they are seen and re-read after
/// <c>ttl</c>, so an attribute retyped through the API is picked up; attributes telemetry creates are learned as
/// they are applied. Unknown entities are not remembered: they may be created at any moment.
/// </summary>
public sealed class AttributeShapes(ITwinStore store, TimeSpan ttl, TimeProvider clock)
{
    /// <summary>
    /// One entity's attributes. Read for every reading, changed only when telemetry creates an attribute: a learned
    /// attribute replaces the dictionary with a copy, so readers never lock (a lock per reading showed up as contention
    /// on the firehose) and never see a dictionary being written.
    /// </summary>
    internal sealed class EntityShape(Dictionary<string, AttributeShape> attributes, DateTimeOffset loadedAt, string type)
    {
        private Dictionary<string, AttributeShape> _attributes = attributes;

        /// <summary>The entity's type, for the attributes and values only governance may set (<c>TwinWriteRules</c>).</summary>
        public string Type { get; } = type;

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        public bool TryGet(string attribute, out AttributeShape shape) => Volatile.Read(ref _attributes).TryGetValue(attribute, out shape);

        public void Learn(string attribute, AttributeShape shape)
        {
            while (true)
            {
                var current = Volatile.Read(ref _attributes);
                if (current.ContainsKey(attribute)) return;
                var next = new Dictionary<string, AttributeShape>(current, StringComparer.Ordinal) { [attribute] = shape };
                if (Interlocked.CompareExchange(ref _attributes, next, current) == current) return;
            }
        }
    }

    private readonly ConcurrentDictionary<string, EntityShape> _entities = new(StringComparer.Ordinal);

    /// <summary>Loads the shapes of the given entities that are not known yet or are stale.</summary>
    public async Task LoadAsync(IEnumerable<string> entityIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Once the twin's sensors are known this is a lookup per reading and nothing else: it runs for every reading.
        HashSet<string>? missing = null;
        foreach (var id in entityIds)
        {
            if (_entities.TryGetValue(id, out var s) && now - s.LoadedAt < ttl) continue;
            // Invalid ids are left out here (the store would refuse the query) and refused per reading by the caller.
            if ((missing ??= new HashSet<string>(StringComparer.Ordinal)).Contains(id) || !EntityIdSyntax.IsValid(id)) continue;
            missing.Add(id);
        }
        if (missing is null) return;
        foreach (var page in missing.Chunk(EntityQuery.MaxLimit))
        {
            var found = await store.QueryAsync(new EntityQuery { Ids = page, Limit = EntityQuery.MaxLimit }, ct);
            foreach (var entity in found.Items) _entities[entity.Id] = new EntityShape(ShapeOf(entity), now, entity.Type);
            foreach (var id in page.Except(found.Items.Select(e => e.Id), StringComparer.Ordinal)) _entities.TryRemove(id, out _);
        }
    }

    /// <summary>The entity's shape when it is known, for checking several of its readings with one lookup.</summary>
    internal EntityShape? Find(string entityId) => _entities.TryGetValue(entityId, out var entity) ? entity : null;


    public bool IsKnown(string entityId) => _entities.ContainsKey(entityId);

    /// <summary>The attribute's shape; false when the entity has no such attribute yet (telemetry may create it).</summary>
    public bool TryGet(string entityId, string attribute, out AttributeShape shape)
    {
        shape = default;
        return _entities.TryGetValue(entityId, out var entity) && entity.TryGet(attribute, out shape);
    }

    /// <summary>Records an attribute a reading created, so later readings are held to its kind and unit.</summary>
    public void Learn(string entityId, string attribute, AttributeShape shape)
    {
        if (_entities.TryGetValue(entityId, out var entity)) entity.Learn(attribute, shape);
    }

    /// <summary>Forgets an entity the store no longer holds.</summary>
    public void Forget(string entityId) => _entities.TryRemove(entityId, out _);

    private static Dictionary<string, AttributeShape> ShapeOf(Entity entity)
    {
        var shapes = new Dictionary<string, AttributeShape>(entity.Properties.Count + entity.Relationships.Count, StringComparer.Ordinal);
        foreach (var (name, p) in entity.Properties) shapes[name] = new AttributeShape(false, p.Value.Kind, p.UnitCode);
        foreach (var name in entity.Relationships.Keys) shapes[name] = new AttributeShape(true, default, null);
        return shapes;
    }
}
