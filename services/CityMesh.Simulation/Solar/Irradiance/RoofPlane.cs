namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>A plane a roof (or a module on it) lies in.</summary>
/// <param name="Tilt">Degrees from horizontal: 0 flat, 90 a wall.</param>
/// <param name="Azimuth">Compass direction the plane faces (its normal's horizontal part), degrees eastward from north:
/// 180 faces south. Meaningless for a flat plane.</param>
public readonly record struct RoofPlane(double Tilt, double Azimuth)
{
    public static RoofPlane Horizontal => new(0, 180);

    /// <summary>The unit normal, (east, north, up).</summary>
    public (double East, double North, double Up) Normal
    {
        get
        {
            double t = Tilt * Math.PI / 180.0, a = Azimuth * Math.PI / 180.0;
            return (Math.Sin(t) * Math.Sin(a), Math.Sin(t) * Math.Cos(a), Math.Cos(t));
        }
    }
}
