namespace CityMesh.Contracts.Geo;

/// <summary>A WGS84 position in GeoJSON order. <see cref="Altitude"/> is NaN when absent.</summary>
public readonly record struct Position(double Longitude, double Latitude, double Altitude = double.NaN)
{
    public bool HasAltitude => !double.IsNaN(Altitude);
}
