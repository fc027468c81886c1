namespace CityMesh.Simulation.Flood;

/// <summary>What happens at the grid's outer edges.</summary>
public enum FloodEdges
{
    /// <summary>Walls: nothing leaves; the default.</summary>
    Closed,
    /// <summary>Transmissive: water flows out (or in) as if the ground went on unchanged.</summary>
    Open,
}

/// <summary>The run: its length, numerics and sources (README.md).</summary>
public sealed record FloodOptions
{
    /// <summary>Simulated seconds.</summary>
    public double Seconds { get; init; } = 3600;
    /// <summary>Courant number: dt = Cfl · cell / max(|u| + c, |v| + c) over the wet cells; in (0, 1], 0.5 by default
    /// (the usual bound for an unsplit 2D scheme; above it a depth could go negative and be clamped, adding water).</summary>
    public double Cfl { get; init; } = 0.5;
    /// <summary>The longest step, taken while everything is dry or still.</summary>
    public double MaxStepSeconds { get; init; } = 10;
    /// <summary>Below this depth (m) a cell is dry: its velocity is zero.</summary>
    public double DryDepth { get; init; } = 1e-6;
    /// <summary>A cell's arrival time is the first time its depth exceeds this (m).</summary>
    public double ArrivalDepth { get; init; } = 0.05;
    public double Gravity { get; init; } = 9.81;
    public FloodEdges Edges { get; init; } = FloodEdges.Closed;
    /// <summary>Gauges are read at this interval of simulated time (and at the start and the end).</summary>
    public double GaugeSeconds { get; init; } = 60;
    public IReadOnlyList<PointInflow> Inflows { get; init; } = [];
    public IReadOnlyList<Pump> Pumps { get; init; } = [];
    public Rainfall? Rain { get; init; }
    public IReadOnlyList<Gauge> Gauges { get; init; } = [];

    /// <summary>Each option's problem, naming it, against <paramref name="grid"/> and the initial depths; empty when usable.</summary>
    public IReadOnlyList<string> Problems(FloodGrid grid, double[]? initialDepth)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var problems = new List<string>(grid.Problems());
        if (problems.Count > 0) return problems;
        if (!(Seconds > 0) || double.IsInfinity(Seconds)) problems.Add($"seconds must be a finite number > 0, not {Seconds}");
        if (!(Cfl > 0 && Cfl <= 1)) problems.Add($"cfl must be in (0, 1], not {Cfl}");
        if (!(MaxStepSeconds > 0) || double.IsInfinity(MaxStepSeconds)) problems.Add($"maxStepSeconds must be a finite number > 0, not {MaxStepSeconds}");
        if (!(DryDepth > 0) || DryDepth > 0.01) problems.Add($"dryDepth must be in (0, 0.01] m, not {DryDepth}");
        if (!(ArrivalDepth > DryDepth) || double.IsInfinity(ArrivalDepth)) problems.Add($"arrivalDepth must be finite and above dryDepth ({DryDepth}), not {ArrivalDepth}");
        if (!(Gravity > 0) || double.IsInfinity(Gravity)) problems.Add($"gravity must be a finite number > 0, not {Gravity}");
        if (!(GaugeSeconds > 0) || double.IsInfinity(GaugeSeconds)) problems.Add($"gaugeSeconds must be a finite number > 0, not {GaugeSeconds}");
        if (!Enum.IsDefined(Edges)) problems.Add($"edges must be Closed or Open, not {Edges}");
        for (int k = 0; k < Inflows.Count; k++)
        {
            var inflow = Inflows[k];
            Cell($"inflows[{k}] ('{inflow.Name}')", inflow.X, inflow.Y);
            problems.AddRange(inflow.CubicMetresPerSecond?.Problems($"inflows[{k}].cubicMetresPerSecond") ?? [$"inflows[{k}].cubicMetresPerSecond is missing"]);
        }
        for (int k = 0; k < Pumps.Count; k++)
        {
            var pump = Pumps[k];
            Cell($"pumps[{k}] ('{pump.Name}')", pump.X, pump.Y);
            problems.AddRange(pump.CubicMetresPerSecond?.Problems($"pumps[{k}].cubicMetresPerSecond") ?? [$"pumps[{k}].cubicMetresPerSecond is missing"]);
        }
        if (Rain is { } rain)
        {
            problems.AddRange(rain.MillimetresPerHour?.Problems("rain.millimetresPerHour") ?? ["rain.millimetresPerHour is missing"]);
            if (!(rain.Scale >= 0) || double.IsInfinity(rain.Scale)) problems.Add($"rain.scale must be a finite number ≥ 0, not {rain.Scale}");
            if (rain.Mask is null || (rain.Mask.Length != 0 && rain.Mask.Length != grid.Count))
                problems.Add($"rain.mask must be empty or have width × height = {grid.Count} values, not {rain.Mask?.Length ?? 0}");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < Gauges.Count; k++)
        {
            var gauge = Gauges[k];
            if (string.IsNullOrWhiteSpace(gauge.Name) || !names.Add(gauge.Name)) problems.Add($"gauges[{k}].name must be a unique, non-empty name, not '{gauge.Name}'");
            if (!grid.Contains(gauge.X, gauge.Y)) problems.Add($"gauges[{k}] ('{gauge.Name}') at ({gauge.X}, {gauge.Y}) is outside the {grid.Width} × {grid.Height} grid");
        }
        if (initialDepth is not null)
        {
            if (initialDepth.Length != grid.Count) problems.Add($"initialDepth must have width × height = {grid.Count} values, not {initialDepth.Length}");
            else if (FloodGrid.FirstBad(initialDepth, v => v >= 0 && double.IsFinite(v)) is int b and >= 0)
                problems.Add($"initialDepth[{b}] must be a finite number ≥ 0, not {initialDepth[b]}");
            else
                for (int i = 0; i < initialDepth.Length; i++)
                    if (grid.IsBlocked(i) && initialDepth[i] != 0)
                    {
                        problems.Add($"initialDepth[{i}] must be 0 in a blocked cell, not {initialDepth[i]}");
                        break;
                    }
        }
        return problems;

        void Cell(string what, int x, int y)
        {
            if (!grid.Contains(x, y)) problems.Add($"{what} at ({x}, {y}) is outside the {grid.Width} × {grid.Height} grid");
            else if (grid.IsBlocked(grid.Index(x, y))) problems.Add($"{what} at ({x}, {y}) is in a blocked cell");
        }
    }
}
