namespace CityMesh.Simulation.Air.Field;

/// <summary>A WGS84 position, longitude first as GeoJSON orders it.</summary>
public readonly record struct GeoPoint(double Longitude, double Latitude);

/// <summary>
/// Metres east and north of an origin by the equirectangular approximation (longitude scaled by the cosine of the
/// origin's latitude). Over a city (under 30 km) it is within 0.1 % of the great-circle distance, and it costs two
/// multiplications, which matters when a grid or a route samples the field millions of times.
/// </summary>
public readonly struct LocalMetres
{
    private const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;
    private readonly double _lon0, _lat0, _east;

    public LocalMetres(double originLongitude, double originLatitude)
    {
        (_lon0, _lat0) = (originLongitude, originLatitude);
        _east = MetresPerDegree * Math.Cos(originLatitude * Math.PI / 180);
    }

    public (double X, double Y) ToMetres(double longitude, double latitude) => ((longitude - _lon0) * _east, (latitude - _lat0) * MetresPerDegree);

    public GeoPoint ToGeo(double x, double y) => new(_lon0 + x / _east, _lat0 + y / MetresPerDegree);

    public static double Distance(GeoPoint a, GeoPoint b)
    {
        var m = new LocalMetres(a.Longitude, (a.Latitude + b.Latitude) / 2);
        var (x, y) = m.ToMetres(b.Longitude, b.Latitude);
        var (x0, y0) = m.ToMetres(a.Longitude, a.Latitude);
        return Math.Sqrt((x - x0) * (x - x0) + (y - y0) * (y - y0));
    }
}
