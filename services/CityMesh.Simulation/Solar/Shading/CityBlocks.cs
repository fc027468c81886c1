namespace CityMesh.Simulation.Solar.Shading;

/// <summary>
/// The buildings that cast shadows, as structure-of-arrays for the ray kernels: footprint vertices (float, relative to
/// the city's south-west corner, so a 20 km city keeps ~1 mm resolution) in one array with per-building offsets, each
/// building's height and bounding box, and a uniform grid over the city whose cells list the buildings whose box
/// touches them (compressed rows: <see cref="CellStart"/> indexes <see cref="CellBuildings"/>). A ray walks the grid's
/// cells towards the sun and tests only the buildings it meets: O(cells crossed) instead of O(buildings).
/// </summary>
internal sealed class CityBlocks
{
    public required int Count { get; init; }
    public required float[] VertexX { get; init; }
    public required float[] VertexY { get; init; }
    /// <summary>Building b's vertices are [VertexStart[b], VertexStart[b + 1]).</summary>
    public required int[] VertexStart { get; init; }
    public required float[] Height { get; init; }
    public required float[] MinX { get; init; }
    public required float[] MinY { get; init; }
    public required float[] MaxX { get; init; }
    public required float[] MaxY { get; init; }
    public required int[] CellStart { get; init; }
    public required int[] CellBuildings { get; init; }
    /// <summary>Per cell, the tallest building it lists: a ray already above it skips the cell's buildings.</summary>
    public required float[] CellMaxHeight { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    public required float CellSize { get; init; }
    /// <summary>The frame's origin in the footprints' coordinates: vertex arrays hold x − OriginX, y − OriginY.</summary>
    public required double OriginX { get; init; }
    public required double OriginY { get; init; }
    public required float MaxHeight { get; init; }

    /// <summary>
    /// Builds the arrays and the grid. <paramref name="cellSize"/> metres: a few buildings a cell (30–60 m in a city
    /// of 10–20 m buildings) keeps both the cells a ray crosses and the buildings a cell lists small.
    /// </summary>
    public static CityBlocks From(IReadOnlyList<RoofFootprint> buildings, double cellSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellSize);
        int n = buildings.Count;
        double originX = double.MaxValue, originY = double.MaxValue, endX = double.MinValue, endY = double.MinValue;
        int vertices = 0;
        foreach (var b in buildings)
        {
            vertices += b.X.Length;
            originX = Math.Min(originX, b.X.Min());
            originY = Math.Min(originY, b.Y.Min());
            endX = Math.Max(endX, b.X.Max());
            endY = Math.Max(endY, b.Y.Max());
        }
        if (n == 0) originX = originY = endX = endY = 0;
        var vx = new float[vertices];
        var vy = new float[vertices];
        var start = new int[n + 1];
        var height = new float[n];
        float[] minX = new float[n], minY = new float[n], maxX = new float[n], maxY = new float[n];
        float maxHeight = 0;
        for (int b = 0, v = 0; b < n; b++)
        {
            var f = buildings[b];
            start[b] = v;
            minX[b] = minY[b] = float.MaxValue;
            maxX[b] = maxY[b] = float.MinValue;
            for (int k = 0; k < f.X.Length; k++, v++)
            {
                vx[v] = (float)(f.X[k] - originX);
                vy[v] = (float)(f.Y[k] - originY);
                minX[b] = Math.Min(minX[b], vx[v]);
                minY[b] = Math.Min(minY[b], vy[v]);
                maxX[b] = Math.Max(maxX[b], vx[v]);
                maxY[b] = Math.Max(maxY[b], vy[v]);
            }
            height[b] = (float)f.Height;
            maxHeight = Math.Max(maxHeight, height[b]);
        }
        if (n > 0) start[n] = vertices;

        int columns = Math.Max(1, (int)Math.Ceiling((endX - originX) / cellSize + 1e-9));
        int rows = Math.Max(1, (int)Math.Ceiling((endY - originY) / cellSize + 1e-9));
        checked { _ = columns * rows; }
        // Two passes: count each cell's buildings, then fill, so the lists are one array.
        var cellStart = new int[columns * rows + 1];
        for (int pass = 0; pass < 2; pass++)
        {
            var fill = pass == 0 ? null : (int[])cellStart.Clone();
            var list = pass == 0 ? null : new int[cellStart[^1]];
            for (int b = 0; b < n; b++)
            {
                int c0 = Cell(minX[b], cellSize, columns), c1 = Cell(maxX[b], cellSize, columns);
                int r0 = Cell(minY[b], cellSize, rows), r1 = Cell(maxY[b], cellSize, rows);
                for (int r = r0; r <= r1; r++)
                    for (int c = c0; c <= c1; c++)
                        if (pass == 0) cellStart[r * columns + c + 1]++;
                        else list![fill![r * columns + c]++] = b;
            }
            if (pass == 0)
            {
                for (int c = 0; c < columns * rows; c++) cellStart[c + 1] += cellStart[c];
                continue;
            }
            var cellMax = new float[columns * rows];
            for (int c = 0; c < cellMax.Length; c++)
                for (int k = cellStart[c]; k < cellStart[c + 1]; k++) cellMax[c] = Math.Max(cellMax[c], height[list![k]]);
            return new CityBlocks
                {
                    Count = n, VertexX = vx, VertexY = vy, VertexStart = start, Height = height,
                    MinX = minX, MinY = minY, MaxX = maxX, MaxY = maxY,
                    CellStart = cellStart, CellBuildings = list!, CellMaxHeight = cellMax, Columns = columns, Rows = rows, CellSize = (float)cellSize,
                    OriginX = originX, OriginY = originY, MaxHeight = maxHeight,
                };
        }
        throw new InvalidOperationException("unreachable");
    }

    private static int Cell(float coordinate, double cellSize, int cells) => Math.Clamp((int)Math.Floor(coordinate / cellSize), 0, cells - 1);
}
