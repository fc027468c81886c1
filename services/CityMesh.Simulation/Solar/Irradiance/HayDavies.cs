namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>
/// Plane-of-array irradiance by the Hay–Davies sky model (J. E. Hay and J. A. Davies, "Calculation of the solar
/// radiation incident on an inclined surface", Proc. First Canadian Solar Radiation Data Workshop, 1980; as given in
/// Duffie and Beckman, Solar Engineering of Thermal Processes, §2.16): the diffuse sky is a circumsolar part, in the
/// share A = DNI / I0n (the anisotropy index: how much of the extraterrestrial beam got through), seen as beam with
/// Rb = cos θi / cos θz, and an isotropic part (1 − A) seen by the plane's view factor (1 + cos β) / 2; the ground
/// reflects GHI · ρ, seen by (1 − cos β) / 2. With A = 0 it is the isotropic (Liu–Jordan) model.
/// </summary>
public static class HayDavies
{
    /// <summary>
    /// cos 87°: with the sun lower, Rb = cos θi / cos θz diverges on a plane facing it, so there the sky is taken as
    /// isotropic (A = 0). A horizontal plane's Rb is 1 either way, so its POA is GHI at every sun height.
    /// </summary>
    public const double MinCosZenith = 0.0523;

    /// <summary>The anisotropy index A for a sun whose direction's up component is <paramref name="cosZenith"/>.</summary>
    public static double Anisotropy(double dni, double extraterrestrialNormal, double cosZenith, bool isotropic) =>
        isotropic || cosZenith < MinCosZenith ? 0.0 : Math.Clamp(dni / extraterrestrialNormal, 0.0, 1.0);

    /// <summary>
    /// Irradiance on a plane with unit normal <paramref name="normal"/> (east, north, up) for a sun in unit direction
    /// <paramref name="sun"/> (east, north, up), from <paramref name="sky"/>; <paramref name="extraterrestrialNormal"/>
    /// is I0n (1367 W/m² / R²), <paramref name="albedo"/> the ground's reflectance. <paramref name="isotropic"/> sets A = 0.
    /// </summary>
    public static PlaneOfArrayIrradiance On(
        (double East, double North, double Up) normal,
        (double East, double North, double Up) sun,
        ClearSkyIrradiance sky,
        double extraterrestrialNormal,
        double albedo = 0.2,
        bool isotropic = false)
    {
        if (sun.Up <= 0.0) return default;
        double cosIncidence = Math.Max(0.0, normal.East * sun.East + normal.North * sun.North + normal.Up * sun.Up);
        double anisotropy = Anisotropy(sky.Dni, extraterrestrialNormal, sun.Up, isotropic);
        double rb = anisotropy > 0.0 ? cosIncidence / sun.Up : 0.0;
        double cosTilt = normal.Up;
        return new PlaneOfArrayIrradiance(
            Beam: sky.Dni * cosIncidence,
            Circumsolar: sky.Dhi * anisotropy * rb,
            IsotropicSky: sky.Dhi * (1.0 - anisotropy) * (1.0 + cosTilt) / 2.0,
            Ground: sky.Ghi * albedo * (1.0 - cosTilt) / 2.0);
    }

    /// <summary>The unit vector (east, north, up) towards a sun at <paramref name="zenith"/> and <paramref name="azimuth"/> degrees.</summary>
    public static (double East, double North, double Up) SunDirection(double zenith, double azimuth)
    {
        double z = zenith * Math.PI / 180.0, a = azimuth * Math.PI / 180.0;
        return (Math.Sin(z) * Math.Sin(a), Math.Sin(z) * Math.Cos(a), Math.Cos(z));
    }
}
