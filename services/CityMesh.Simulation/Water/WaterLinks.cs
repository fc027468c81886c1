namespace CityMesh.Simulation.Water;

/// <summary>A link's state at the start of a run or as set by a control.</summary>
public enum LinkStatus
{
    Open,
    Closed,
}

/// <summary>
/// A pipe from <see cref="From"/> to <see cref="To"/> (flow is positive that way): length and diameter in m, the
/// roughness in the network's head-loss formula's terms (Hazen–Williams C; Darcy–Weisbach ε in m; Manning n), a minor
/// loss coefficient (velocity heads).
/// </summary>
/// <param name="CheckValve">Flow only from <see cref="From"/> to <see cref="To"/> (EPANET's status <c>CV</c>).</param>
public sealed record WaterPipe(
    string Id, string From, string To, double Length, double Diameter, double Roughness, double MinorLoss = 0,
    LinkStatus Status = LinkStatus.Open, bool CheckValve = false);

/// <summary>
/// A pump lifting water from <see cref="From"/> to <see cref="To"/>: by a head curve (flow m³/s → head m) or at a
/// constant power (W). Its relative speed scales the curve by the affinity laws (flow × s, head × s²).
/// </summary>
/// <param name="HeadCurve">Flow → head points; null for a constant-power pump.</param>
/// <param name="Power">Constant power in W for a pump without a curve; 0 otherwise.</param>
/// <param name="SpeedPattern">A pattern of relative speeds over time; null for a constant speed.</param>
public sealed record WaterPump(
    string Id, string From, string To, WaterCurve? HeadCurve, double Power = 0, double Speed = 1, string? SpeedPattern = null,
    LinkStatus Status = LinkStatus.Open);

/// <summary>EPANET's valve types.</summary>
public enum ValveType
{
    /// <summary>Pressure reducing: holds the downstream pressure at most at its setting.</summary>
    Prv,
    /// <summary>Pressure sustaining: holds the upstream pressure at least at its setting.</summary>
    Psv,
    /// <summary>Pressure breaker: a fixed head loss (its setting).</summary>
    Pbv,
    /// <summary>Flow control: at most its setting's flow.</summary>
    Fcv,
    /// <summary>Throttle control: a minor loss coefficient (its setting).</summary>
    Tcv,
    /// <summary>General purpose: head loss from a curve of flow.</summary>
    Gpv,
}

/// <summary>
/// A valve from <see cref="From"/> to <see cref="To"/>: diameter in m, its setting in SI (pressure as m of head, flow
/// in m³/s, head loss in m, or a loss coefficient for a TCV), a minor loss coefficient when fully open.
/// </summary>
/// <param name="Status">Open or closed by the file's <c>[STATUS]</c> (fixed until a control says otherwise); null to act on its setting.</param>
/// <param name="HeadLossCurve">A GPV's flow (m³/s) → head loss (m) points.</param>
public sealed record WaterValve(
    string Id, string From, string To, double Diameter, ValveType Type, double Setting, double MinorLoss = 0,
    LinkStatus? Status = null, WaterCurve? HeadLossCurve = null);
