using CityMesh.Limits;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// A synthetic terrain for a city without a DEM (<see cref="TerrainGenerator"/>): the city's extent on its local plane
/// (metres east and north), the cell size, and the landscape's shape. A river crosses the extent along its longer
/// side. Lengths are metres; slopes are rise over run (0.08 = 8 %).
/// </summary>
public sealed record TerrainOptions
{
    /// <summary>West edge of the extent.</summary>
    public double OriginX { get; init; }

    /// <summary>South edge of the extent.</summary>
    public double OriginY { get; init; }

    /// <summary>East–west size of the extent; the grid covers it, rounded up to whole cells.</summary>
    public double Width { get; init; } = 4000;

    /// <summary>North–south size of the extent.</summary>
    public double Height { get; init; } = 3000;

    public double CellSize { get; init; } = 5;
    public ulong Seed { get; init; } = 42;

    /// <summary>The river bed's lowest point, where it leaves the extent.</summary>
    public double MinElevation { get; init; } = 20;

    /// <summary>No cell rises above this: the whole relief is scaled down if the drawn landscape would.</summary>
    public double MaxElevation { get; init; } = 80;

    public double RiverWidth { get; init; } = 40;

    /// <summary>The channel's centre below its banks (before any scaling down).</summary>
    public double RiverDepth { get; init; } = 3;

    /// <summary>The river's fall along its course, per metre (0.0005 = 0.5 m a kilometre, a lowland river).</summary>
    public double RiverFall { get; init; } = 0.0005;

    /// <summary>How far the valley sides rise above the banks, far from the river.</summary>
    public double ValleyRise { get; init; } = 25;

    /// <summary>The valley sides' length scale: they have risen 63 % of <see cref="ValleyRise"/> this far from the bank.</summary>
    public double ValleyLength { get; init; } = 700;

    /// <summary>Gaussian hills on the valley sides.</summary>
    public int Hills { get; init; } = 5;

    /// <summary>The tallest a hill may be drawn; each is 40–100 % of this.</summary>
    public double HillHeight { get; init; } = 12;

    /// <summary>Small-scale roughness (value noise, wavelength 250 m) added on the valley sides.</summary>
    public double NoiseAmplitude { get; init; } = 1.5;

    /// <summary>No step between neighbouring cells outside the channel is steeper than this: the relief is scaled down until none is.</summary>
    public double MaxSlope { get; init; } = 0.08;

    public CoordinateReferenceSystem Crs { get; init; } = CoordinateReferenceSystem.Unknown;

    /// <summary>Each option's problem, naming it; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems(InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var problems = new List<string>();
        Finite(OriginX, "originX");
        Finite(OriginY, "originY");
        Positive(Width, "width");
        Positive(Height, "height");
        Positive(CellSize, "cellSize");
        Finite(MinElevation, "minElevation");
        Finite(MaxElevation, "maxElevation");
        if (double.IsFinite(MinElevation) && double.IsFinite(MaxElevation) && !(MaxElevation > MinElevation))
            problems.Add($"maxElevation must be above minElevation ({MinElevation}), not {MaxElevation}");
        Positive(RiverWidth, "riverWidth");
        if (CellSize > 0 && RiverWidth > 0 && RiverWidth < 2 * CellSize)
            problems.Add($"riverWidth must be at least two cells ({2 * CellSize} m at cellSize {CellSize}), not {RiverWidth}: a narrower river misses whole cross-sections");
        Positive(RiverDepth, "riverDepth");
        NonNegative(RiverFall, "riverFall");
        NonNegative(ValleyRise, "valleyRise");
        Positive(ValleyLength, "valleyLength");
        if (Hills is < 0 or > 1000) problems.Add($"hills must be in 0..1000, not {Hills}");
        NonNegative(HillHeight, "hillHeight");
        NonNegative(NoiseAmplitude, "noiseAmplitude");
        if (!(MaxSlope > 0) || MaxSlope > 1) problems.Add($"maxSlope must be in (0, 1], not {MaxSlope}");
        if (problems.Count == 0)
        {
            var cells = Math.Ceiling(Width / CellSize) * Math.Ceiling(Height / CellSize);
            if (cells > int.MaxValue || cells * sizeof(float) > limits.RunMemoryBytes)
                problems.Add($"width × height at cellSize {CellSize} is {cells:N0} cells, more than the {limits.RunMemoryBytes:N0} bytes a run may plan ({InputLimits.Section}:{nameof(InputLimits.RunMemoryBytes)}); use larger cells");
        }
        return problems;

        void Finite(double value, string name)
        {
            if (!double.IsFinite(value)) problems.Add($"{name} must be a finite number, not {value}");
        }

        void Positive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value)) problems.Add($"{name} must be a finite number > 0, not {value}");
        }

        void NonNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value)) problems.Add($"{name} must be a finite number ≥ 0, not {value}");
        }
    }
}
