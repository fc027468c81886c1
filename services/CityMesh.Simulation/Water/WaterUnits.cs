namespace CityMesh.Simulation.Water;

/// <summary>EPANET's flow units. The first five make a file US customary (ft, in, psi), the rest SI (m, mm, m of head).</summary>
public enum FlowUnits
{
    Cfs,
    Gpm,
    Mgd,
    Imgd,
    Afd,
    Lps,
    Lpm,
    Mld,
    Cmh,
    Cmd,
}

/// <summary>
/// Conversions from a file's units to SI, as EPANET reads them: EPANET works in ft and cfs and converts a file's flows
/// with factors rounded to about five figures (28.317 L/s, 448.831 gpm, 0.028317 m³ to the cubic foot), so a file's
/// "100 L/s" is 100/28.317 cfs = 0.0999994 m³/s there. CityMesh takes the file to mean what EPANET takes it to mean
/// (utilities calibrate their models in EPANET), and converts on to exact SI from the cubic foot. The difference from
/// the nominal unit is under 1e-5; it matters only in that both must integrate a tank the same way over a day.
/// </summary>
public static class WaterUnits
{
    public const double Foot = 0.3048;
    public const double Inch = 0.0254;
    public const double CubicFoot = Foot * Foot * Foot;
    public const double Gravity = 9.80665;
    /// <summary>
    /// The gravity EPANET's hydraulics use, 32.2 ft/s² (9.8146 m/s², 0.08 % above standard gravity), in Darcy–Weisbach
    /// resistance and minor losses; taken the same here so both give the same head loss.
    /// </summary>
    public const double EpanetGravity = 32.2 * Foot;
    /// <summary>Water at 20 °C, m²/s: EPANET's default of 1.1e-5 ft²/s.</summary>
    public const double WaterViscosity = 1.1e-5 * Foot * Foot;
    /// <summary>psi per foot of water head (EPANET's 0.4333, times the specific gravity).</summary>
    public const double PsiPerFoot = 0.4333;
    /// <summary>W per horsepower (mechanical).</summary>
    public const double Horsepower = 745.699872;

    public static bool IsUs(FlowUnits units) => units <= FlowUnits.Afd;

    /// <summary>m³/s per one of the file's flow units: EPANET's units per cfs, converted from the exact cubic foot.</summary>
    public static double Flow(FlowUnits units) => CubicFoot / units switch
    {
        FlowUnits.Cfs => 1.0,
        FlowUnits.Gpm => 448.831,
        FlowUnits.Mgd => 0.64632,
        FlowUnits.Imgd => 0.5382,
        FlowUnits.Afd => 1.9837,
        FlowUnits.Lps => 28.317,
        FlowUnits.Lpm => 1699.0,
        FlowUnits.Mld => 2.4466,
        FlowUnits.Cmh => 101.94,
        FlowUnits.Cmd => 2446.6,
        _ => throw new ArgumentOutOfRangeException(nameof(units)),
    };

    /// <summary>m per one of the file's length units (ft or m): elevations, heads, levels, pipe lengths.</summary>
    public static double Length(FlowUnits units) => IsUs(units) ? Foot : 1;

    /// <summary>m per one of the file's diameter units (in or mm).</summary>
    public static double Diameter(FlowUnits units) => IsUs(units) ? Inch : 1e-3;

    /// <summary>
    /// m of head per one of the file's pressure units at a specific gravity: psi for US units, m of water for SI (a
    /// metre of a heavier liquid's pressure is more than a metre of its head), kPa where the file says <c>PRESSURE KPA</c>.
    /// </summary>
    public static double Pressure(FlowUnits units, double specificGravity, bool kilopascals = false) =>
        kilopascals ? 1 / (Gravity * specificGravity) : IsUs(units) ? Foot / (PsiPerFoot * specificGravity) : 1 / specificGravity;

    /// <summary>m per one of the file's Darcy–Weisbach roughness units (millifeet or mm).</summary>
    public static double Roughness(FlowUnits units) => IsUs(units) ? 1e-3 * Foot : 1e-3;

    /// <summary>m³ per one of the file's volume units (ft³, or m³ as EPANET's 0.028317 to the cubic foot).</summary>
    public static double Volume(FlowUnits units) => IsUs(units) ? CubicFoot : CubicFoot / 0.028317;

    /// <summary>W per one of the file's power units (hp or kW).</summary>
    public static double Power(FlowUnits units) => IsUs(units) ? Horsepower : 1e3;
}
