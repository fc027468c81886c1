namespace CityMesh.Contracts.Geo;

/// <summary>Distances on a sphere, the same model PostGIS uses for geography with use_spheroid = false.</summary>
public static class GeoMath
{
    /// <summary>Mean radius of the WGS84 ellipsoid, (2a + b) / 3, as PostGIS's sphere.</summary>
    public const double EarthRadiusMetres = 6371008.7714;

    public const double MetresPerDegreeLatitude = EarthRadiusMetres * Math.PI / 180;

    private const double Rad = Math.PI / 180;

    public static double HaversineMetres(double lon1, double lat1, double lon2, double lat2)
    {
        var dLat = (lat2 - lat1) * Rad;
        var dLon = (lon2 - lon1) * Rad;
        var s = Math.Sin(dLat / 2);
        var t = Math.Sin(dLon / 2);
        var a = s * s + Math.Cos(lat1 * Rad) * Math.Cos(lat2 * Rad) * t * t;
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static double HaversineMetres(Position a, Position b) =>
        HaversineMetres(a.Longitude, a.Latitude, b.Longitude, b.Latitude);

    /// <summary>
    /// Distance from a point to a segment, in a local equirectangular frame around the point: accurate to well
    /// under a metre at city scale, where segments are short.
    /// </summary>
    public static double PointToSegmentMetres(Position p, Position a, Position b)
    {
        var kx = MetresPerDegreeLatitude * Math.Cos(p.Latitude * Rad);
        const double ky = MetresPerDegreeLatitude;
        double ax = (a.Longitude - p.Longitude) * kx, ay = (a.Latitude - p.Latitude) * ky;
        double bx = (b.Longitude - p.Longitude) * kx, by = (b.Latitude - p.Latitude) * ky;
        double dx = bx - ax, dy = by - ay;
        var len2 = dx * dx + dy * dy;
        var t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
        var cx = ax + t * dx;
        var cy = ay + t * dy;
        // Snap to the exact spherical distance at the ends so points agree with HaversineMetres.
        if (t == 0) return HaversineMetres(p, a);
        if (t == 1) return HaversineMetres(p, b);
        return Math.Sqrt(cx * cx + cy * cy);
    }
}
