namespace CityMesh.Simulation.Solar.Position;

/// <summary>
/// The sun at one instant as the SPA computes it, with the intermediate values its report prints for the reference case
/// (so a test can say which step went wrong). Angles in degrees.
/// </summary>
/// <param name="JulianDay">Julian day of the instant (UT).</param>
/// <param name="HeliocentricLongitude">L, the Earth's, in [0, 360).</param>
/// <param name="HeliocentricLatitude">B, the Earth's.</param>
/// <param name="RadiusVector">R, the Earth–sun distance in astronomical units.</param>
/// <param name="NutationLongitude">Δψ.</param>
/// <param name="NutationObliquity">Δε.</param>
/// <param name="TrueObliquity">ε, of the ecliptic.</param>
/// <param name="ApparentLongitude">λ, the sun's apparent (geocentric) longitude.</param>
/// <param name="RightAscension">α, geocentric, in [0, 360).</param>
/// <param name="Declination">δ, geocentric.</param>
/// <param name="HourAngle">H, the observer's local hour angle, in [0, 360).</param>
/// <param name="Zenith">θ, topocentric, refraction included while the sun is up.</param>
/// <param name="Azimuth">Φ, topocentric, eastward from north, in [0, 360).</param>
public readonly record struct SunPosition(
    double JulianDay,
    double HeliocentricLongitude,
    double HeliocentricLatitude,
    double RadiusVector,
    double NutationLongitude,
    double NutationObliquity,
    double TrueObliquity,
    double ApparentLongitude,
    double RightAscension,
    double Declination,
    double HourAngle,
    double Zenith,
    double Azimuth)
{
    /// <summary>The topocentric elevation above the horizon, degrees (refraction included).</summary>
    public double Elevation => 90.0 - Zenith;

    /// <summary>Whether the sun's centre is above the horizon.</summary>
    public bool IsUp => Zenith < 90.0;

    /// <summary>
    /// The angle between the sun and the normal of a surface tilted <paramref name="slope"/> degrees from horizontal
    /// whose normal points <paramref name="azimuthRotation"/> degrees from south, westward positive (the SPA report's
    /// convention: its example plane, slope 30° and rotation −10°, faces 10° east of south).
    /// </summary>
    public double IncidenceAngle(double slope, double azimuthRotation) =>
        SolarPositionAlgorithm.IncidenceAngle(Zenith, Azimuth, slope, azimuthRotation);
}
