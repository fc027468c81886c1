namespace CityMesh.Simulation.Flood;

/// <summary>A gauge's depth (m) at each reading (seconds).</summary>
public sealed record GaugeSeries(string Name, int X, int Y, IReadOnlyList<double> Seconds, IReadOnlyList<double> Depths);

/// <summary>
/// Where the water went, m³: what the grid held at the start and the end, what the inflows and the rain brought,
/// what the pumps took and what left through open edges (negative where it came in).
/// </summary>
public sealed record MassBalance(double Initial, double Final, double Inflow, double Rain, double Pumped, double Outflow)
{
    /// <summary>Storage change minus net sources: zero up to round-off for a conservative scheme.</summary>
    public double Residual => Final - Initial - (Inflow + Rain - Pumped - Outflow);

    /// <summary><see cref="Residual"/> over the largest volume in the balance.</summary>
    public double RelativeResidual =>
        Math.Abs(Residual) / Math.Max(double.Epsilon, new[] { Initial, Final, Inflow, Rain, Pumped, Math.Abs(Outflow) }.Max());
}

/// <summary>
/// A run's rasters (y · Width + x, as <see cref="FloodGrid"/>): the deepest water (m) and fastest flow (m/s) each cell
/// saw, sampled after every step's flux update, and the time (s) its depth first passed the arrival depth (NaN where
/// it never did); the gauges' series, the mass balance and the speed.
/// </summary>
public sealed record FloodResult(float[] MaxDepth, float[] MaxSpeed, float[] ArrivalSeconds, IReadOnlyList<GaugeSeries> Gauges,
    MassBalance Balance, long Steps, double SimulatedSeconds, long CellUpdates, double WallSeconds, double CellUpdatesPerSecond, string Backend);
