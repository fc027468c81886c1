namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Burns land-cover polygons onto a grid's cells: a cell takes a polygon's use when its centre lies inside the polygon.
/// Scanline per row: the row's centre line crosses the polygon's edges at sorted x's, and between each pair of crossings
/// (even-odd) lie the centres that are inside, the same answer as a point-in-polygon test per centre at a cost of
/// edges per row instead of edges per cell. Edges are half-open (a centre on a left edge or a lower vertex is inside, on
/// a right edge outside) so two polygons sharing an edge never both take a centre on it. Later polygons overwrite
/// earlier ones, except that a building, once burnt, stays blocked: a road drawn over a footprint does not open it.
/// </summary>
public static class LandCoverRasterizer
{
    public static RoughnessRaster Rasterise(ElevationGrid grid, IEnumerable<LandCoverPolygon> polygons, ManningTable? table = null,
        LandUse background = LandUse.Open)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(polygons);
        table ??= ManningTable.Default;
        var problems = table.Problems();
        if (problems.Count > 0) throw new ArgumentException("Manning table: " + string.Join("; ", problems), nameof(table));

        var cover = new LandUse[grid.Columns * grid.Rows];
        Array.Fill(cover, background);
        var blocked = new bool[cover.Length];
        if (background == LandUse.Building) Array.Fill(blocked, true);
        var crossings = new List<double>();
        int index = 0;
        foreach (var polygon in polygons)
        {
            Check(polygon, index++);
            for (int row = 0; row < grid.Rows; row++)
            {
                double y = grid.OriginY + (grid.Rows - row - 0.5) * grid.CellSize;
                Crossings(polygon, y, crossings);
                for (int k = 0; k + 1 < crossings.Count; k += 2)
                {
                    // Centres x_c = OriginX + (col + 0.5)·cs with crossings[k] ≤ x_c < crossings[k + 1].
                    int first = (int)Math.Max(0, Math.Ceiling((crossings[k] - grid.OriginX) / grid.CellSize - 0.5));
                    int last = (int)Math.Min(grid.Columns - 1, Math.Ceiling((crossings[k + 1] - grid.OriginX) / grid.CellSize - 0.5) - 1);
                    for (int col = first; col <= last; col++)
                    {
                        int i = row * grid.Columns + col;
                        if (blocked[i]) continue;
                        cover[i] = polygon.Use;
                        blocked[i] = polygon.Use == LandUse.Building;
                    }
                }
            }
        }

        var manning = new float[cover.Length];
        for (int i = 0; i < cover.Length; i++) manning[i] = (float)table.For(cover[i]);
        return new RoughnessRaster(grid.Columns, grid.Rows, cover, manning, blocked);
    }

    /// <summary>The sorted x's where the horizontal line at <paramref name="y"/> crosses the polygon's edges.</summary>
    private static void Crossings(LandCoverPolygon polygon, double y, List<double> crossings)
    {
        crossings.Clear();
        foreach (var ring in polygon.Rings)
            for (int a = 0, b = ring.Count - 1; a < ring.Count; b = a++)
            {
                var (p, q) = (ring[b], ring[a]);
                // Half-open in y: an edge counts when the line is at or above its lower end and below its upper end.
                if ((p.Y <= y && y < q.Y) || (q.Y <= y && y < p.Y))
                    crossings.Add(p.X + (y - p.Y) * (q.X - p.X) / (q.Y - p.Y));
            }
        crossings.Sort();
    }

    private static void Check(LandCoverPolygon polygon, int index)
    {
        ArgumentNullException.ThrowIfNull(polygon, $"polygons[{index}]");
        if (!Enum.IsDefined(polygon.Use)) throw new ArgumentException($"polygons[{index}].use {(int)polygon.Use} is not a land use", "polygons");
        if (polygon.Rings is not { Count: > 0 }) throw new ArgumentException($"polygons[{index}] has no rings", "polygons");
        for (int r = 0; r < polygon.Rings.Count; r++)
        {
            var ring = polygon.Rings[r];
            if (ring is not { Count: >= 3 }) throw new ArgumentException($"polygons[{index}].rings[{r}] has {ring?.Count ?? 0} points; a ring needs at least 3", "polygons");
            for (int p = 0; p < ring.Count; p++)
                if (!double.IsFinite(ring[p].X) || !double.IsFinite(ring[p].Y))
                    throw new ArgumentException($"polygons[{index}].rings[{r}][{p}] is ({ring[p].X}, {ring[p].Y}), not a finite point", "polygons");
        }
    }
}
