namespace CityMesh.Simulation.Solar;

/// <summary>
/// A PVWatts-style system (A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014), simplified as stated:
/// DC power = kWp · (POA / 1000 W/m²) · (1 + γ (Tcell − 25 °C)); AC = DC · (1 − losses) · η_inverter, clipped at the
/// inverter's rating kWp / DC-to-AC ratio. Simplifications against PVWatts v5: the inverter efficiency is its nominal
/// 96 % at every load (PVWatts has a part-load curve), no angle-of-incidence reflection loss on the cover, and the
/// cell temperature is Sandia's (King et al., SAND2004-3535, 2004) for a close roof mount of glass/cell/polymer
/// modules: Tcell = Ta + E·(e^(a + b·WS) + ΔT/1000), a = −2.98, b = −0.0471, ΔT = 1 °C, at a constant wind speed.
/// </summary>
/// <param name="ModuleEfficiency">kWp per m² of modules at 1000 W/m² (0.19: PVWatts v5's standard module is 15 %, today's ~19–21 %).</param>
/// <param name="UsableFraction">Share of the roof surface modules cover (0.6: setbacks, access, chimneys, row spacing).</param>
/// <param name="Losses">PVWatts v5's default system losses (soiling, shading beyond ours, mismatch, wiring, ...): 14 %.</param>
/// <param name="InverterEfficiency">PVWatts v5's nominal inverter efficiency, 96 %.</param>
/// <param name="DcToAcRatio">PVWatts' default 1.2 (v5 used 1.1).</param>
/// <param name="TemperatureCoefficient">γ per °C: PVWatts v5's standard module, −0.47 %/°C.</param>
/// <param name="WindSpeed">m/s at 10 m for the cell temperature (1 m/s: a calm roof, the hotter case).</param>
public sealed record PvSystem(
    double ModuleEfficiency = 0.19,
    double UsableFraction = 0.6,
    double Losses = 0.14,
    double InverterEfficiency = 0.96,
    double DcToAcRatio = 1.2,
    double TemperatureCoefficient = -0.0047,
    double WindSpeed = 1.0)
{
    /// <summary>°C of cell heating per W/m² (Sandia's close roof mount at <see cref="WindSpeed"/>).</summary>
    public double HeatPerIrradiance => Math.Exp(-2.98 - 0.0471 * WindSpeed) + 1.0 / 1000.0;

    /// <summary>The scalars the kernels take.</summary>
    internal PvConstants Constants => new()
    {
        Gamma = TemperatureCoefficient,
        HeatPerIrradiance = HeatPerIrradiance,
        DcToAc = (1.0 - Losses) * InverterEfficiency,
        AcLimit = 1.0 / DcToAcRatio,
    };

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(ModuleEfficiency is > 0 and <= 0.5)) problems.Add($"moduleEfficiency must be in (0, 0.5], not {ModuleEfficiency}");
        if (!(UsableFraction is > 0 and <= 1)) problems.Add($"usableFraction must be in (0, 1], not {UsableFraction}");
        if (!(Losses is >= 0 and < 1)) problems.Add($"losses must be in [0, 1), not {Losses}");
        if (!(InverterEfficiency is > 0 and <= 1)) problems.Add($"inverterEfficiency must be in (0, 1], not {InverterEfficiency}");
        if (!(DcToAcRatio is >= 0.5 and <= 3)) problems.Add($"dcToAcRatio must be in [0.5, 3], not {DcToAcRatio}");
        if (!(TemperatureCoefficient is >= -0.02 and <= 0)) problems.Add($"temperatureCoefficient must be in [-0.02, 0] per °C, not {TemperatureCoefficient}");
        if (!(WindSpeed is >= 0 and <= 50)) problems.Add($"windSpeed must be in [0, 50] m/s, not {WindSpeed}");
        return problems;
    }
}

/// <summary>The PV system as the kernels use it: per-kWp AC power from plane-of-array irradiance.</summary>
internal struct PvConstants
{
    public double Gamma, HeatPerIrradiance, DcToAc, AcLimit;

    /// <summary>AC kW per kWp at <paramref name="poa"/> W/m² and <paramref name="ambient"/> °C.</summary>
    public readonly double AcPerKwp(double poa, double ambient)
    {
        double cell = ambient + poa * HeatPerIrradiance;
        double dc = poa / 1000.0 * (1.0 + Gamma * (cell - 25.0));
        double ac = dc * DcToAc;
        return ac > AcLimit ? AcLimit : ac > 0.0 ? ac : 0.0;
    }
}
