namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>
/// The Ineichen–Perez clear-sky model (P. Ineichen and R. Perez, "A new airmass independent formulation for the Linke
/// turbidity coefficient", Solar Energy 73(3), 151–157, 2002): global and direct irradiance from the Linke turbidity
/// TL (at air mass 2), the site's altitude and the absolute air mass. With h the altitude in metres,
/// fh1 = e^(−h/8000), fh2 = e^(−h/1250), cg1 = 5.09e-5 h + 0.868, cg2 = 3.92e-5 h + 0.0387:
///   GHI = cg1 · I0 · cos θz · exp(−cg2 · AM · (fh1 + fh2 (TL − 1)))
///   DNI = min( (0.664 + 0.163/fh1) · I0 · exp(−0.09 · AM · (TL − 1)),
///              GHI · (1 − (0.1 − 0.2 e^(−TL)) / (0.1 + 0.882/fh1)) / cos θz )
///   DHI = GHI − DNI · cos θz.
/// The paper's GHI also has a factor exp(0.01 · AM^1.8); it is left out by default (as pvlib's implementation does,
/// <see cref="PerezEnhancement"/>): it grows without bound towards the horizon, where the model was not fitted.
/// </summary>
/// <param name="LinkeTurbidity">TL: ~2 in very clean polar air, 3 a typical clear mid-latitude sky (the default),
/// 4–6 hazy or polluted air. Monthly climatologies exist (SoDa); a per-city constant is what we state.</param>
/// <param name="Altitude">Site altitude, metres above sea level.</param>
/// <param name="PerezEnhancement">Whether to apply the paper's exp(0.01 AM^1.8) factor.</param>
public sealed record IneichenPerezClearSky(double LinkeTurbidity = 3.0, double Altitude = 0.0, bool PerezEnhancement = false)
{
    /// <summary>The solar constant the model was fitted with (WRC, 1367 W/m²); scaled by 1/R² for the Earth's orbit.</summary>
    public const double SolarConstant = 1367.0;

    /// <summary>
    /// Clear-sky irradiance for the sun at apparent zenith <paramref name="zenith"/> degrees, the Earth
    /// <paramref name="radiusVector"/> AU from it; dark when the sun is at or below the horizon.
    /// </summary>
    public ClearSkyIrradiance At(double zenith, double radiusVector)
    {
        if (!(zenith < 90.0)) return ClearSkyIrradiance.Dark;
        double cosZenith = Math.Cos(zenith * Math.PI / 180.0);
        double extraterrestrial = SolarConstant / (radiusVector * radiusVector);
        double airMass = AirMass.Absolute(zenith, AirMass.StandardPressure(Altitude));
        double tl = LinkeTurbidity, fh1 = Math.Exp(-Altitude / 8000.0), fh2 = Math.Exp(-Altitude / 1250.0);
        double cg1 = 5.09e-5 * Altitude + 0.868, cg2 = 3.92e-5 * Altitude + 0.0387;
        double ghi = cg1 * extraterrestrial * cosZenith * Math.Exp(-cg2 * airMass * (fh1 + fh2 * (tl - 1.0)));
        if (PerezEnhancement) ghi *= Math.Exp(0.01 * Math.Pow(airMass, 1.8));
        double beam = (0.664 + 0.163 / fh1) * extraterrestrial * Math.Exp(-0.09 * airMass * (tl - 1.0));
        // The second bound keeps the beam's horizontal share below the global: DHI never negative.
        double beamFromGlobal = ghi * Math.Max(0.0, 1.0 - (0.1 - 0.2 * Math.Exp(-tl)) / (0.1 + 0.882 / fh1)) / cosZenith;
        double dni = Math.Max(0.0, Math.Min(beam, beamFromGlobal));
        return new ClearSkyIrradiance(ghi, dni, ghi - dni * cosZenith);
    }

    /// <summary>What is wrong with these values; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(LinkeTurbidity is >= 1 and <= 10)) problems.Add($"linkeTurbidity must be in [1, 10], not {LinkeTurbidity}");
        if (!(Altitude is >= -500 and <= 9000)) problems.Add($"altitude must be in [-500, 9000] m, not {Altitude}");
        return problems;
    }
}
