using CityMesh.Contracts.Geo;

namespace CityMesh.Sensors.Tests;

/// <summary>Small road networks written by hand, and the measures a test holds a vehicle on them to.</summary>
internal static class Streets
{
    public static readonly Position Origin = new(117.000, 36.650);

    /// <summary>The place <paramref name="east"/> metres east and <paramref name="north"/> north of <see cref="Origin"/>.</summary>
    public static Position At(double east, double north) => new(
        Origin.Longitude + east / (GeoMath.MetresPerDegreeLatitude * Math.Cos(Origin.Latitude * Math.PI / 180)),
        Origin.Latitude + north / GeoMath.MetresPerDegreeLatitude);

    /// <summary>A road from one intersection to another, named by the places' coordinates.</summary>
    public static RoadLine Road(params Position[] points) => new(points, Name(points[0]), Name(points[^1]));

    /// <summary>
    /// A grid of blocks: a road along every block side between the given meridians and parallels, each one way only
    /// (eastwards or northwards), so a way west or south drives roads against their direction.
    /// </summary>
    public static RoadLine[] Grid(double[] longitudes, double[] latitudes)
    {
        var roads = new List<RoadLine>();
        foreach (var lat in latitudes)
            for (var k = 1; k < longitudes.Length; k++) roads.Add(Road(new(longitudes[k - 1], lat), new(longitudes[k], lat)));
        foreach (var lon in longitudes)
            for (var k = 1; k < latitudes.Length; k++) roads.Add(Road(new(lon, latitudes[k - 1]), new(lon, latitudes[k])));
        return [.. roads];
    }

    /// <summary>Metres from a place to the nearest of the roads, measured segment by segment (not by the graph under test).</summary>
    public static double MetresToRoads(IEnumerable<RoadLine> roads, Position p) =>
        roads.SelectMany(r => r.Points.Zip(r.Points.Skip(1))).Min(s => GeoMath.PointToSegmentMetres(p, s.First, s.Second));

    /// <summary>The shorter way along meridian and parallel between two places of a grid's streets (one corner or the other).</summary>
    public static double Manhattan(Position a, Position b)
    {
        Position viaNorthSouth = new(a.Longitude, b.Latitude), viaEastWest = new(b.Longitude, a.Latitude);
        return Math.Min(GeoMath.HaversineMetres(a, viaNorthSouth) + GeoMath.HaversineMetres(viaNorthSouth, b),
            GeoMath.HaversineMetres(a, viaEastWest) + GeoMath.HaversineMetres(viaEastWest, b));
    }

    /// <summary>The points of a leg every <paramref name="metres"/> along it, and its end.</summary>
    public static IEnumerable<Position> Along(Leg leg, double metres)
    {
        for (var d = 0.0; d < leg.Length; d += metres) yield return leg.At(d);
        yield return leg.End;
    }

    private static string Name(Position p) => FormattableString.Invariant($"x{p.Longitude:0.000000}_{p.Latitude:0.000000}");
}
