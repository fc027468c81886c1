namespace CityMesh.Simulation.Flood;

/// <summary>Water entering at one cell (a river, a burst main): a hydrograph in m³/s.</summary>
public sealed record PointInflow(string Name, int X, int Y, TimeSeries CubicMetresPerSecond);

/// <summary>A pump at one cell, taking up to its rate (m³/s) out of the grid, never more water than the cell holds.</summary>
public sealed record Pump(string Name, int X, int Y, TimeSeries CubicMetresPerSecond);

/// <summary>
/// Rain in mm/h over the grid, or over the cells of <see cref="Mask"/> when one is given, times <see cref="Scale"/>
/// (a design storm scaled up or down). Blocked cells take none: their roofs drain elsewhere.
/// </summary>
public sealed record Rainfall(TimeSeries MillimetresPerHour)
{
    public bool[] Mask { get; init; } = [];
    public double Scale { get; init; } = 1;
}

/// <summary>A named cell whose depth is recorded as a time series.</summary>
public sealed record Gauge(string Name, int X, int Y);
