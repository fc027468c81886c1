using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// Where a record sits in the indexes: what it was indexed under, so a write can move it afterwards.
/// </summary>
internal readonly record struct IndexPlacement(string Type, IReadOnlyList<string> OtherTypes, EntityCategory Category, Geometry? Location, RelationshipEdge[] Edges)
{
    /// <summary>The record's current placement; the caller holds the record's lock.</summary>
    public static IndexPlacement Of(EntityRecord record) => new(record.Type, record.OtherTypes, record.Category, record.Location,
        [.. record.Attributes.Where(a => a.IsRelationship).SelectMany(a => a.Targets.Select(t => new RelationshipEdge(record.Id, a.Name, t))).Distinct()]);

    public IEnumerable<string> Types => OtherTypes.Count == 0 ? [Type] : [Type, .. OtherTypes];

    public bool SameAs(IndexPlacement other) =>
        Type == other.Type && OtherTypes.SequenceEqual(other.OtherTypes) && Category == other.Category && ReferenceEquals(Location, other.Location)
        && Edges.SequenceEqual(other.Edges);
}

/// <summary>
/// The memory store's indexes: by type, by category, by relationship target (the reverse edges) and by place.
/// They change only when an entity is created, deleted, re-typed, moved or re-linked, under one reader-writer lock;
/// telemetry never touches them.
/// </summary>
internal sealed class MemoryIndexes : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, HashSet<EntityRecord>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<EntityCategory, HashSet<EntityRecord>> _byCategory = new();
    private readonly Dictionary<string, List<RelationshipEdge>> _incoming = new(StringComparer.Ordinal);
    private readonly SpatialGrid _grid = new();

    public void Add(EntityRecord record, IndexPlacement placement) => Write(() => AddLocked(record, placement));

    public void Remove(EntityRecord record, IndexPlacement placement) => Write(() => RemoveLocked(record, placement));

    public void Move(EntityRecord record, IndexPlacement from, IndexPlacement to)
    {
        if (from.SameAs(to)) return;
        Write(() =>
        {
            RemoveLocked(record, from);
            AddLocked(record, to);
        });
    }

    /// <summary>
    /// The smallest index-backed set that can hold every match (spatial first, then type, then category), or null
    /// when no index narrows the query; the caller checks each candidate exactly.
    /// </summary>
    public IReadOnlyCollection<EntityRecord>? Candidates(EntityQuery query)
    {
        _lock.EnterReadLock();
        try
        {
            if (query.Geo is { } geo && SearchBox(geo) is { } box)
            {
                var found = new List<EntityRecord>();
                _grid.Search(box, found.Add);
                return found;
            }
            if (query.Types is { Count: > 0 } types)
                return [.. types.Distinct().SelectMany(t => _byType.TryGetValue(t, out var set) ? set : []).Distinct()];
            if (query.Category is { } category)
                return [.. _byCategory.TryGetValue(category, out var set) ? set : []];
            return null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<RelationshipEdge> Incoming(string targetId)
    {
        _lock.EnterReadLock();
        try
        {
            return _incoming.TryGetValue(targetId, out var list)
                ? [.. list.OrderBy(e => e.SourceId, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)]
                : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Near without a maximum distance and disjoint cannot be bounded: no box, so every entity is a candidate. Every
    /// other relation needs the location to meet the geometry, so its box.
    /// </summary>
    private static BoundingBox? SearchBox(GeoQuery geo) => geo.Relation switch
    {
        GeoRelation.Near when geo.MaxDistance is { } max => geo.Geometry.Bounds.Expand(max),
        GeoRelation.Near or GeoRelation.Disjoint => null,
        _ => geo.Geometry.Bounds,
    };

    private void Write(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void AddLocked(EntityRecord record, IndexPlacement placement)
    {
        foreach (var type in placement.Types) Set(_byType, type).Add(record);
        Set(_byCategory, placement.Category).Add(record);
        if (placement.Location is { } location) _grid.Add(record, location);
        foreach (var edge in placement.Edges)
        {
            if (!_incoming.TryGetValue(edge.TargetId, out var list)) _incoming[edge.TargetId] = list = [];
            list.Add(edge);
        }
    }

    private void RemoveLocked(EntityRecord record, IndexPlacement placement)
    {
        foreach (var type in placement.Types)
        {
            if (_byType.TryGetValue(type, out var types) && types.Remove(record) && types.Count == 0) _byType.Remove(type);
        }
        if (_byCategory.TryGetValue(placement.Category, out var categories)) categories.Remove(record);
        if (placement.Location is { } location) _grid.Remove(record, location);
        foreach (var edge in placement.Edges)
        {
            if (!_incoming.TryGetValue(edge.TargetId, out var list)) continue;
            list.Remove(edge);
            if (list.Count == 0) _incoming.Remove(edge.TargetId);
        }
    }

    private static HashSet<EntityRecord> Set<TKey>(Dictionary<TKey, HashSet<EntityRecord>> index, TKey key) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = new HashSet<EntityRecord>();
        return set;
    }
}
