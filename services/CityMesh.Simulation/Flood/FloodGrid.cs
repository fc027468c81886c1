namespace CityMesh.Simulation.Flood;

/// <summary>
/// The ground a flood runs over: a raster of <see cref="Width"/> × <see cref="Height"/> square cells of
/// <see cref="CellSize"/> metres, row by row from the south-west corner (cell (x, y) at y · Width + x), with each
/// cell's bed elevation (m), Manning coefficient (s/m^(1/3)) and, optionally, whether it is blocked (a building
/// footprint: a wall to its neighbours, never wet).
/// </summary>
public sealed record FloodGrid(int Width, int Height, double CellSize, double[] Bed, double[] Manning)
{
    /// <summary>Cells that are walls (buildings); none when empty.</summary>
    public bool[] Blocked { get; init; } = [];

    public int Count => Width * Height;

    public int Index(int x, int y) => y * Width + x;

    public bool Contains(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height;

    public bool IsBlocked(int cell) => Blocked.Length > 0 && Blocked[cell];

    /// <summary>A grid of one bed and one Manning coefficient everywhere, the test cases' start.</summary>
    public static FloodGrid Flat(int width, int height, double cellSize, double bed = 0, double manning = 0) =>
        new(width, height, cellSize, Enumerable.Repeat(bed, width * height).ToArray(), Enumerable.Repeat(manning, width * height).ToArray());

    /// <summary>Each field's problem, naming it; empty when the grid is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Width < 1 || Height < 1 || (long)Width * Height > int.MaxValue)
        {
            problems.Add($"width and height must be at least 1 and their product at most {int.MaxValue}, not {Width} × {Height}");
            return problems;
        }
        if (!(CellSize > 0) || double.IsInfinity(CellSize)) problems.Add($"cellSize must be a finite number > 0, not {CellSize}");
        if (Bed is null || Bed.Length != Count) problems.Add($"bed must have width × height = {Count} values, not {Bed?.Length ?? 0}");
        else if (FirstBad(Bed, v => double.IsFinite(v)) is int b and >= 0) problems.Add($"bed[{b}] must be finite, not {Bed[b]}");
        if (Manning is null || Manning.Length != Count) problems.Add($"manning must have width × height = {Count} values, not {Manning?.Length ?? 0}");
        else if (FirstBad(Manning, v => v >= 0 && double.IsFinite(v)) is int m and >= 0) problems.Add($"manning[{m}] must be a finite number ≥ 0, not {Manning[m]}");
        if (Blocked is null || (Blocked.Length != 0 && Blocked.Length != Count))
            problems.Add($"blocked must be empty or have width × height = {Count} values, not {Blocked?.Length ?? 0}");
        return problems;
    }

    internal static int FirstBad(double[] values, Func<double, bool> good)
    {
        for (int i = 0; i < values.Length; i++)
            if (!good(values[i])) return i;
        return -1;
    }
}
