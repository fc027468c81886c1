namespace CityMesh.Simulation.Solar.Irradiance;

/// <summary>The path through the atmosphere relative to the path straight up.</summary>
public static class AirMass
{
    /// <summary>
    /// Relative optical air mass at apparent (refracted) zenith <paramref name="zenith"/> degrees, by Kasten and Young
    /// (1989, Applied Optics 28(22), 4735–4738): 1 / (cos θ + 0.50572 (96.07995° − θ)^−1.6364). Finite to the
    /// horizon (≈38 at 90°) where 1/cos θ is not; NaN for the sun more than ~6° below it.
    /// </summary>
    public static double Relative(double zenith) =>
        1.0 / (Math.Cos(zenith * Math.PI / 180.0) + 0.50572 * Math.Pow(96.07995 - zenith, -1.6364));

    /// <summary>At station pressure <paramref name="pressurePa"/>: the relative air mass times p / 101325 Pa.</summary>
    public static double Absolute(double zenith, double pressurePa) => Relative(zenith) * pressurePa / 101325.0;

    /// <summary>The standard atmosphere's pressure at <paramref name="altitude"/> metres, Pa (ISO 2533 troposphere).</summary>
    public static double StandardPressure(double altitude) => 101325.0 * Math.Pow(1.0 - 2.25577e-5 * altitude, 5.25588);
}
