using CityMesh.Contracts.Geo;

namespace CityMesh.Sensors;

/// <summary>
/// One drive of a vehicle, from where it sets out to where it goes, as a polyline with the distance driven at each of
/// its points: a vehicle <c>d</c> metres into the leg is at <see cref="At"/>(d), so a position is a function of the
/// distance alone (and a crew's of time alone, whatever the steps it was moved by). Planned once when the drive starts.
/// </summary>
public sealed class Leg
{
    private readonly double[] _lon, _lat, _along;

    /// <param name="points">In driving order; repeated points are dropped. At least one.</param>
    /// <param name="onRoads">The leg follows the road network (between its two short access lines), not a straight line.</param>
    public Leg(IReadOnlyList<Position> points, bool onRoads)
    {
        if (points.Count == 0) throw new ArgumentException("A leg has at least one point.", nameof(points));
        var lon = new List<double>(points.Count) { points[0].Longitude };
        var lat = new List<double>(points.Count) { points[0].Latitude };
        var along = new List<double>(points.Count) { 0 };
        for (var k = 1; k < points.Count; k++)
        {
            var step = GeoMath.HaversineMetres(lon[^1], lat[^1], points[k].Longitude, points[k].Latitude);
            // Repeats (a place on the road is its own snap point; a road's end is the next one's start) add nothing.
            if (step == 0) continue;
            lon.Add(points[k].Longitude);
            lat.Add(points[k].Latitude);
            along.Add(along[^1] + step);
        }
        (_lon, _lat, _along) = (lon.ToArray(), lat.ToArray(), along.ToArray());
        OnRoads = onRoads;
    }

    /// <summary>The direct line: where there are no roads to follow, or no way along them.</summary>
    public static Leg Straight(Position from, Position to) => new([from, to], onRoads: false);

    public bool OnRoads { get; }

    /// <summary>Metres from start to end along the polyline.</summary>
    public double Length => _along[^1];

    public Position Start => new(_lon[0], _lat[0]);

    public Position End => new(_lon[^1], _lat[^1]);

    public int PointCount => _lon.Length;

    public Position Point(int k) => new(_lon[k], _lat[k]);

    /// <summary>Where a vehicle <paramref name="metres"/> into the leg is (held to the leg's ends).</summary>
    public Position At(double metres)
    {
        if (metres <= 0) return Start;
        if (metres >= Length) return End;
        // The last point at or before the distance; the point after it is strictly further along (repeats are dropped).
        var k = Array.BinarySearch(_along, metres);
        if (k < 0) k = ~k - 1;
        if (k >= _along.Length - 1) return End;
        // Linear in degrees within a segment: at city scale a segment's metres are linear in its degrees to far below a
        // millimetre, so the point lies on the segment and the distance along it is kept.
        var share = (metres - _along[k]) / (_along[k + 1] - _along[k]);
        return new Position(_lon[k] + (_lon[k + 1] - _lon[k]) * share, _lat[k] + (_lat[k + 1] - _lat[k]) * share);
    }
}
