namespace CityMesh.Simulation.Energy;

/// <summary>
/// The per-unit system, spelt out so every conversion is one named step: a power base S (MVA) for the whole grid and a
/// voltage base V (kV, line to line) per voltage level give the impedance base Z = V² / S (ohm).
/// </summary>
public static class PerUnit
{
    /// <summary>Z base in ohm: (kV)² / MVA, e.g. 12.66² / 10 = 16.02756 ohm for the Baran &amp; Wu feeders.</summary>
    public static double ImpedanceBase(double baseKv, double baseMva) => baseKv * baseKv / baseMva;

    /// <summary>An impedance in ohm as per unit of its voltage level.</summary>
    public static double ImpedanceFromOhms(double ohms, double baseKv, double baseMva) => ohms / ImpedanceBase(baseKv, baseMva);

    /// <summary>A power in MW (or MVAr, MVA) as per unit of the system base.</summary>
    public static double PowerFromMw(double mw, double baseMva) => mw / baseMva;

    /// <summary>A per-unit power in MW (or MVAr, MVA).</summary>
    public static double PowerToMw(double pu, double baseMva) => pu * baseMva;

    /// <summary>A per-unit power in kW (or kvar): the unit distribution feeders' losses are quoted in.</summary>
    public static double PowerToKw(double pu, double baseMva) => pu * baseMva * 1000;
}
