namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// One sensor the generator speaks for. <see cref="Kind"/> is one of <see cref="SensorKinds.All"/>; a site carries
/// every quantity of its kind (a water main's one meter reads both flow and pressure). <see cref="Group"/> ties sites
/// that share infrastructure (a corridor, a supply zone); it is carried through to sites.csv, not interpreted.
/// </summary>
public sealed record SensorSite(string Id, string Kind, double Latitude, double Longitude, string? Group = null)
{
    private const double EarthRadius = 6_371_008.8;

    /// <summary>Great-circle distance in metres (haversine), what spatial correlation is measured on.</summary>
    public double DistanceTo(SensorSite other)
    {
        const double rad = Math.PI / 180;
        var dLat = (other.Latitude - Latitude) * rad;
        var dLon = (other.Longitude - Longitude) * rad;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Latitude * rad) * Math.Cos(other.Latitude * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
