namespace CityMesh.Simulation.Energy;

/// <summary>
/// A line or transformer between two buses, as a π model in per unit on the system base: series r + jx, total line
/// charging b split half to each end, and at the from end an ideal transformer of ratio <see cref="Tap"/> and phase
/// shift <see cref="ShiftDegrees"/> (MATPOWER's branch model).
/// </summary>
/// <param name="From">From bus number (the tap side).</param>
/// <param name="To">To bus number.</param>
/// <param name="R">Series resistance, pu.</param>
/// <param name="X">Series reactance, pu.</param>
/// <param name="B">Total line-charging susceptance, pu.</param>
/// <param name="RateA">Long-term rating, MVA; 0 when none is given.</param>
/// <param name="Tap">Off-nominal turns ratio (from side over to side), 1 for a line: the file's 0 already read as 1.</param>
/// <param name="ShiftDegrees">Phase shift of the from side, degrees.</param>
/// <param name="InService">Status column: an open switch or a line out of service carries nothing.</param>
public sealed record Branch(int From, int To, double R, double X, double B, double RateA, double Tap, double ShiftDegrees, bool InService)
{
    /// <summary>True where the branch has an off-nominal ratio or a phase shift: a transformer in the power flow's eyes.</summary>
    public bool IsTransformer => Tap != 1 || ShiftDegrees != 0;
}
