namespace CityMesh.Simulation.Terrain;

/// <summary>A point on the grid's plane, in the grid's CRS units (metres for a projected or local grid).</summary>
public readonly record struct PlanePoint(double X, double Y);

/// <summary>
/// A polygon of one land use in the grid's coordinates: its rings (outer boundary and holes, in any order and either
/// winding) are filled by the even-odd rule, so a point inside the outer ring and inside a hole is outside.
/// </summary>
public sealed record LandCoverPolygon(LandUse Use, IReadOnlyList<IReadOnlyList<PlanePoint>> Rings)
{
    public static LandCoverPolygon Single(LandUse use, params PlanePoint[] ring) => new(use, [ring]);

    /// <summary>
    /// A polygon given in longitude/latitude (GeoJSON order), placed on the grid's plane by <paramref name="toPlane"/>:
    /// for the city's local plane, its <c>LocalTangentPlane.ToLocal</c>. The terrain code keeps no projection of its own.
    /// </summary>
    public static LandCoverPolygon FromLonLat(LandUse use, IEnumerable<IReadOnlyList<(double Lon, double Lat)>> rings,
        Func<double, double, (double X, double Y)> toPlane)
    {
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentNullException.ThrowIfNull(toPlane);
        return new LandCoverPolygon(use, rings.Select(ring => (IReadOnlyList<PlanePoint>)ring.Select(p =>
        {
            var (x, y) = toPlane(p.Lon, p.Lat);
            return new PlanePoint(x, y);
        }).ToArray()).ToArray());
    }
}
