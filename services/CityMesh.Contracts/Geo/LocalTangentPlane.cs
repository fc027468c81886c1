namespace CityMesh.Contracts.Geo;

/// <summary>
/// Places a local plane (x metres east, y metres north of an anchor) on the WGS84 ellipsoid. Latitude moves by
/// the meridian radius of curvature M and longitude by the prime-vertical radius N, both taken at the anchor:
/// <code>
///   M = a(1 − e²) / (1 − e² sin²φ₀)^(3/2)      N = a / (1 − e² sin²φ₀)^(1/2)
///   φ = φ₀ + y / M                              λ = λ₀ + x / (N cos φ₀)
/// </code>
/// This is the tangent plane's first-order map: at city scale (a few km) it departs from a full geodetic
/// solution by well under a metre, far below the accuracy of the road network itself, and it inverts exactly,
/// so a round trip returns the same metres.
/// </summary>
public sealed record LocalTangentPlane : IGeoreference
{
    /// <summary>WGS84 semi-major axis, metres.</summary>
    public const double SemiMajorAxis = 6378137.0;

    /// <summary>WGS84 flattening.</summary>
    public const double Flattening = 1 / 298.257223563;

    public static readonly double EccentricitySquared = Flattening * (2 - Flattening);

    private const double Rad = Math.PI / 180;

    public LocalTangentPlane(double anchorLatitude, double anchorLongitude)
    {
        if (!double.IsFinite(anchorLatitude) || anchorLatitude is <= -90 or >= 90)
            throw new ArgumentOutOfRangeException(nameof(anchorLatitude), anchorLatitude, "The anchor latitude must lie strictly between -90 and 90 degrees.");
        if (!double.IsFinite(anchorLongitude) || anchorLongitude is < -180 or > 180)
            throw new ArgumentOutOfRangeException(nameof(anchorLongitude), anchorLongitude, "The anchor longitude must lie within -180 and 180 degrees.");
        AnchorLatitude = anchorLatitude;
        AnchorLongitude = anchorLongitude;
        var sin = Math.Sin(anchorLatitude * Rad);
        var w = 1 - EccentricitySquared * sin * sin;
        MeridianRadius = SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w));
        PrimeVerticalRadius = SemiMajorAxis / Math.Sqrt(w);
        _metresPerDegreeNorth = MeridianRadius * Rad;
        _metresPerDegreeEast = PrimeVerticalRadius * Math.Cos(anchorLatitude * Rad) * Rad;
    }

    private readonly double _metresPerDegreeNorth;
    private readonly double _metresPerDegreeEast;

    public double AnchorLatitude { get; }
    public double AnchorLongitude { get; }

    /// <summary>M at the anchor, metres.</summary>
    public double MeridianRadius { get; }

    /// <summary>N at the anchor, metres.</summary>
    public double PrimeVerticalRadius { get; }

    public Position ToWgs84(double east, double north) =>
        new(AnchorLongitude + east / _metresPerDegreeEast, AnchorLatitude + north / _metresPerDegreeNorth);

    public (double East, double North) ToLocal(Position position) =>
        ((position.Longitude - AnchorLongitude) * _metresPerDegreeEast, (position.Latitude - AnchorLatitude) * _metresPerDegreeNorth);

    (double X, double Y) IGeoreference.ToPlane(Position position) => ToLocal(position);
}
