namespace CityMesh.Simulation.Solar;

/// <summary>
/// A local east/north frame in metres around (<paramref name="Latitude"/>, <paramref name="Longitude"/>): an
/// equirectangular projection on a sphere of the WGS84 mean radius. Over a city (±20 km) its scale error is under
/// 0.01 %, far below what footprints are drawn to; shading needs lengths and directions, not a national grid.
/// </summary>
public sealed record LocalFrame(double Latitude, double Longitude)
{
    private const double EarthRadius = 6371008.8;

    /// <summary>(east, north) metres of a WGS84 point.</summary>
    public (double X, double Y) ToLocal(double latitude, double longitude) =>
        ((longitude - Longitude) * Math.PI / 180.0 * EarthRadius * Math.Cos(Latitude * Math.PI / 180.0),
         (latitude - Latitude) * Math.PI / 180.0 * EarthRadius);
}
