namespace CityMesh.Contracts.Geo;

/// <summary>An axis-aligned box in degrees. Geometries crossing the antimeridian are not supported.</summary>
public readonly record struct BoundingBox(double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude)
{
    public static readonly BoundingBox Empty = new(double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);

    public bool IsEmpty => MinLongitude > MaxLongitude;

    public BoundingBox Include(Position p) => new(
        Math.Min(MinLongitude, p.Longitude), Math.Min(MinLatitude, p.Latitude),
        Math.Max(MaxLongitude, p.Longitude), Math.Max(MaxLatitude, p.Latitude));

    public bool Intersects(BoundingBox other) =>
        MinLongitude <= other.MaxLongitude && other.MinLongitude <= MaxLongitude
        && MinLatitude <= other.MaxLatitude && other.MinLatitude <= MaxLatitude;

    public bool Contains(double longitude, double latitude) =>
        longitude >= MinLongitude && longitude <= MaxLongitude && latitude >= MinLatitude && latitude <= MaxLatitude;

    /// <summary>The box grown by a distance in metres on every side (for near queries).</summary>
    public BoundingBox Expand(double metres)
    {
        var dLat = metres / GeoMath.MetresPerDegreeLatitude;
        // Longitude degrees shrink towards the poles: size the margin at the box's most polar edge.
        var edgeLat = Math.Min(89.9, Math.Max(Math.Abs(MinLatitude), Math.Abs(MaxLatitude)) + dLat);
        var dLon = metres / (GeoMath.MetresPerDegreeLatitude * Math.Cos(edgeLat * Math.PI / 180));
        return new(Math.Max(-180, MinLongitude - dLon), Math.Max(-90, MinLatitude - dLat),
            Math.Min(180, MaxLongitude + dLon), Math.Min(90, MaxLatitude + dLat));
    }
}
