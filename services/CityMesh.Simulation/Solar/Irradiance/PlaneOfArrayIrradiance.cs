namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>Irradiance on a tilted plane, W/m², by where it comes from.</summary>
/// <param name="Beam">The sun's disc: DNI · cos(angle of incidence), 0 when the sun is behind the plane.</param>
/// <param name="Circumsolar">The bright sky around the disc, which Hay–Davies treats as coming from the sun's direction
/// (so a building that shades the disc shades it too).</param>
/// <param name="IsotropicSky">The rest of the sky, seen by the plane's share of the dome, (1 + cos β) / 2.</param>
/// <param name="Ground">Light reflected by the ground (albedo ρ), seen by (1 − cos β) / 2.</param>
public readonly record struct PlaneOfArrayIrradiance(double Beam, double Circumsolar, double IsotropicSky, double Ground)
{
    /// <summary>Everything on the plane.</summary>
    public double Total => Beam + Circumsolar + IsotropicSky + Ground;

    /// <summary>What a shadow on the plane removes: the beam and the circumsolar part, which come from the sun's direction.</summary>
    public double FromSun => Beam + Circumsolar;
}
