using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// Filters candidates with the query's exact predicates and returns one page in id order. Only the page's
/// entities are materialised; the rest of the order is kept in a bounded heap (top offset+limit by id).
/// </summary>
internal static class MemoryQuery
{
    public static EntityPage Run(EntityQuery query, IEnumerable<EntityRecord> candidates)
    {
        // One regex budget for the whole query, however many candidates it tests.
        var patterns = new RegexBudget(query.RegexTime);
        var idPattern = query.IdPattern is null ? null : patterns.Compile(query.IdPattern, "idPattern");
        // A set, not the list: a page of 1,000 ids tested against 1,000 candidates was a million string comparisons.
        var ids = query.Ids is { Count: > 0 } list ? list as IReadOnlySet<string> ?? new HashSet<string>(list, StringComparer.Ordinal) : null;
        // Offset comes from the client: add in long so it cannot overflow, and size the heap by what it holds, not by
        // what the request names (offset=2000000000 must not allocate gigabytes).
        var keep = (int)Math.Min((long)query.Offset + query.Limit, int.MaxValue);
        // Max-heap on id: the root is the largest id still kept, evicted when a smaller one arrives.
        var heap = new PriorityQueue<EntityRecord, string>(Math.Min(keep, 1024) + 1, Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
        var total = 0;
        foreach (var record in candidates)
        {
            lock (record)
            {
                if (record.Deleted || !Matches(query, record, ids, idPattern, patterns)) continue;
            }
            total++;
            if (keep == 0 || query.IdAfter is { } after && string.CompareOrdinal(record.Id, after) <= 0) continue;
            if (heap.Count < keep) heap.Enqueue(record, record.Id);
            else if (string.CompareOrdinal(record.Id, heap.Peek().Id) < 0) heap.EnqueueDequeue(record, record.Id);
        }
        var ordered = new EntityRecord[heap.Count];
        for (var i = ordered.Length - 1; i >= 0; i--) ordered[i] = heap.Dequeue();
        var page = new List<Model.Entity>(Math.Max(0, ordered.Length - query.Offset));
        for (var i = query.Offset; i < ordered.Length; i++)
        {
            lock (ordered[i]) page.Add(ordered[i].ToEntity(query.Attrs));
        }
        return new EntityPage(page, total);
    }

    private static bool Matches(EntityQuery query, EntityRecord record, IReadOnlySet<string>? ids, RegexBudget.Pattern? idPattern, RegexBudget patterns)
    {
        if (query.Types is { Count: > 0 } types && !types.Any(record.IsOfType)) return false;
        if (query.Category is { } category && record.Category != category) return false;
        if (ids is not null && !ids.Contains(record.Id)) return false;
        if (idPattern is not null && !idPattern.Test(record.Id)) return false;
        if (query.Geo is { } geo && !MatchesGeo(geo, record)) return false;
        return query.Q is null || QueryEvaluator.Matches(query.Q, record.Resolve, patterns);
    }

    private static bool MatchesGeo(GeoQuery geo, EntityRecord record)
    {
        if (record.Location is not { } location) return false;
        switch (geo.Relation)
        {
            case GeoRelation.Near:
                var centre = ((Point)geo.Geometry).Coordinates;
                var distance = SpatialPredicates.DistanceMetres(centre, location);
                return (geo.MaxDistance is not { } max || distance <= max) && (geo.MinDistance is not { } min || distance >= min);
            case GeoRelation.Within:
                return SpatialPredicates.Within(location, geo.Geometry);
            case GeoRelation.Intersects:
                return SpatialPredicates.Intersects(location, geo.Geometry);
            case GeoRelation.Equal:
                return SpatialPredicates.GeoEquals(location, geo.Geometry);
            case GeoRelation.Disjoint:
                return SpatialPredicates.Disjoint(location, geo.Geometry);
            case GeoRelation.Contains:
                return SpatialPredicates.Contains(location, geo.Geometry);
            case GeoRelation.Overlaps:
                return SpatialPredicates.Overlaps(location, geo.Geometry);
            default:
                throw new ArgumentOutOfRangeException(nameof(geo), geo.Relation, "not a geo-relation");
        }
    }
}
