namespace CityMesh.Simulation.Water;

/// <summary>The head-loss formula of a network's pipes.</summary>
public enum HeadLossFormula
{
    HazenWilliams,
    DarcyWeisbach,
    ChezyManning,
}

/// <summary>How a junction's outflow depends on its pressure.</summary>
public enum DemandModel
{
    /// <summary>Demand-driven: the full demand whatever the pressure (EPANET's DDA).</summary>
    DemandDriven,
    /// <summary>Pressure-driven (Wagner): none below the minimum pressure, all from the required pressure, between as a power.</summary>
    PressureDriven,
}

/// <summary>
/// A network's hydraulic options (EPANET's <c>[OPTIONS]</c>), in SI. The file's units are kept for reporting in them;
/// every value here is already converted.
/// </summary>
public sealed record WaterOptions
{
    public FlowUnits Units { get; init; } = FlowUnits.Lps;
    public HeadLossFormula HeadLoss { get; init; } = HeadLossFormula.HazenWilliams;
    /// <summary>Relative to water at 20 °C; scales pressures read and reported.</summary>
    public double SpecificGravity { get; init; } = 1;
    /// <summary>Kinematic viscosity, m²/s (Darcy–Weisbach's Reynolds number).</summary>
    public double Viscosity { get; init; } = WaterUnits.WaterViscosity;
    public int MaxTrials { get; init; } = 200;
    /// <summary>Converged when the sum of flow changes is at most this share of the sum of flows.</summary>
    public double Accuracy { get; init; } = 0.001;
    /// <summary>Status checks every this many trials, for the first <see cref="MaxCheck"/> trials.</summary>
    public int CheckFrequency { get; init; } = 2;
    public int MaxCheck { get; init; } = 10;
    /// <summary>Stop (false) or go on for this many more trials holding statuses (EPANET's <c>UNBALANCED CONTINUE n</c>) when a solve does not converge.</summary>
    public int ContinueTrials { get; init; } = -1;
    public string? DefaultPattern { get; init; }
    public double DemandMultiplier { get; init; } = 1;
    public double EmitterExponent { get; init; } = 0.5;
    public DemandModel DemandModel { get; init; } = DemandModel.DemandDriven;
    /// <summary>Pressure-driven demand: no outflow at or below this pressure (m).</summary>
    public double MinimumPressure { get; init; }
    /// <summary>Pressure-driven demand: the full demand from this pressure (m).</summary>
    public double RequiredPressure { get; init; } = 0.1;
    public double PressureExponent { get; init; } = 0.5;
}

/// <summary>An extended-period run's times, in seconds (EPANET's <c>[TIMES]</c>).</summary>
public sealed record WaterTimes
{
    public long Duration { get; init; }
    public long HydraulicStep { get; init; } = 3600;
    public long PatternStep { get; init; } = 3600;
    public long PatternStart { get; init; }
    public long ReportStep { get; init; } = 3600;
    public long ReportStart { get; init; }
    /// <summary>The clock time of the run's start, seconds after midnight.</summary>
    public long StartClockTime { get; init; }
}
