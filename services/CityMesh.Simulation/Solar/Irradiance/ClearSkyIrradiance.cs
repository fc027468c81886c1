namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>Irradiance on the ground under a clear sky, W/m².</summary>
/// <param name="Ghi">Global horizontal: all the sun and sky on a level surface.</param>
/// <param name="Dni">Direct normal: the sun's disc on a surface facing it.</param>
/// <param name="Dhi">Diffuse horizontal: the sky without the disc on a level surface (Ghi − Dni·cos θz).</param>
public readonly record struct ClearSkyIrradiance(double Ghi, double Dni, double Dhi)
{
    public static ClearSkyIrradiance Dark => default;
}
