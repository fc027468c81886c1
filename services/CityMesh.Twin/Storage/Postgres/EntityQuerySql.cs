using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>Compiles an <see cref="EntityQuery"/>'s filters into a condition on entity row <c>e</c>.</summary>
internal static class EntityQuerySql
{
    public static string Where(EntityQuery query, SqlParameters p)
    {
        var conditions = new List<string>();
        if (query.Types is { Count: > 0 } types)
        {
            var named = p.TextArray(types);
            conditions.Add($"(e.type = ANY({named}) OR e.other_types && {named})");
        }
        if (query.Ids is { Count: > 0 } ids) conditions.Add($"e.id = ANY({p.TextArray(ids)})");
        if (query.IdPattern is { } pattern) conditions.Add($"e.id ~ {p.Text(pattern)}");
        if (query.Category is { } category) conditions.Add($"e.category = {p.Text(category.ToString())}");
        if (query.Geo is { } geo) conditions.Add(Geo(geo, p));
        if (query.Q is { } q) conditions.Add(QSql.Compile(q, p));
        return conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);
    }

    /// <summary>
    /// Topology on geometry (planar, as <see cref="SpatialPredicates"/>); distance on the sphere, through geography
    /// with use_spheroid = false (as <see cref="GeoMath"/>). Near adds a box test the GiST index answers first.
    /// </summary>
    private static string Geo(GeoQuery geo, SqlParameters p)
    {
        var shape = $"ST_MakeValid(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON({p.Text(GeoJson.Write(geo.Geometry))})), 4326))";
        switch (geo.Relation)
        {
            case GeoRelation.Within:
                return $"ST_Within(e.location, {shape})";
            case GeoRelation.Intersects:
                return $"ST_Intersects(e.location, {shape})";
            case GeoRelation.Equal:
                return $"ST_Equals(e.location, {shape})";
            case GeoRelation.Disjoint:
                return $"ST_Disjoint(e.location, {shape})";
            case GeoRelation.Contains:
                return $"ST_Contains(e.location, {shape})";
            case GeoRelation.Overlaps:
                return $"ST_Overlaps(e.location, {shape})";
        }
        if (geo.Geometry is not Point)
            throw new ArgumentException($"near needs a Point, not a {geo.Geometry.Type}", nameof(geo));
        var conditions = new List<string> { "e.location IS NOT NULL" };
        if (geo.MaxDistance is { } max)
        {
            var box = geo.Geometry.Bounds.Expand(max);
            conditions.Add($"e.location && ST_MakeEnvelope({p.Double(box.MinLongitude)}, {p.Double(box.MinLatitude)}, {p.Double(box.MaxLongitude)}, {p.Double(box.MaxLatitude)}, 4326)");
            conditions.Add($"ST_DWithin(e.location::geography, ({shape})::geography, {p.Double(max)}, false)");
        }
        if (geo.MinDistance is { } min)
            conditions.Add($"ST_Distance(e.location::geography, ({shape})::geography, false) >= {p.Double(min)}");
        return "(" + string.Join(" AND ", conditions) + ")";
    }
}
