namespace CityMesh.Simulation.Terrain;

/// <summary>
/// A raster of ground elevations with square cells. <see cref="Values"/> is row-major and <b>north-up</b>: row 0 is the
/// northernmost row, as both ESRI ASCII grids and GeoTIFFs store it, so files are read and written without flipping;
/// column 0 is the westernmost. <see cref="OriginX"/>, <see cref="OriginY"/> are the lower-left (south-west) corner of
/// the grid, the corner of its last row's first cell, as ESRI's <c>xllcorner</c>/<c>yllcorner</c>. Cells whose value
/// is <see cref="NoData"/> (or NaN) have no elevation.
/// </summary>
public sealed class ElevationGrid
{
    /// <summary>ESRI's default NODATA_value, used where a file names none.</summary>
    public const float DefaultNoData = -9999f;

    public ElevationGrid(int columns, int rows, double cellSize, double originX, double originY, float[] values,
        float noData = DefaultNoData, CoordinateReferenceSystem? crs = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1");
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be at least 1");
        if (!(cellSize > 0) || !double.IsFinite(cellSize)) throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "cellSize must be a finite number > 0");
        if (!double.IsFinite(originX)) throw new ArgumentOutOfRangeException(nameof(originX), originX, "originX must be finite");
        if (!double.IsFinite(originY)) throw new ArgumentOutOfRangeException(nameof(originY), originY, "originY must be finite");
        if (values.LongLength != (long)columns * rows)
            throw new ArgumentException($"values holds {values.LongLength} cells, columns × rows is {(long)columns * rows}", nameof(values));
        Columns = columns;
        Rows = rows;
        CellSize = cellSize;
        OriginX = originX;
        OriginY = originY;
        Values = values;
        NoData = noData;
        Crs = crs ?? CoordinateReferenceSystem.Unknown;
    }

    public int Columns { get; }
    public int Rows { get; }

    /// <summary>Side of a cell in the CRS's units: metres unless <see cref="CoordinateReferenceSystem.IsGeographic"/>.</summary>
    public double CellSize { get; }

    /// <summary>West edge of the grid.</summary>
    public double OriginX { get; }

    /// <summary>South edge of the grid.</summary>
    public double OriginY { get; }

    /// <summary>Row-major, row 0 the northern row: the value of (col, row) is at <c>row * Columns + col</c>.</summary>
    public float[] Values { get; }

    public float NoData { get; }
    public CoordinateReferenceSystem Crs { get; }

    public double MaxX => OriginX + Columns * CellSize;
    public double MaxY => OriginY + Rows * CellSize;

    public int Index(int col, int row)
    {
        if ((uint)col >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(col), col, $"col must be in 0..{Columns - 1}");
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in 0..{Rows - 1}");
        return row * Columns + col;
    }

    public float this[int col, int row] => Values[Index(col, row)];

    /// <summary>Whether a value stands for "no elevation": the grid's no-data value, or NaN whatever it is.</summary>
    public bool IsNoData(float value) => float.IsNaN(value) || value == NoData;

    /// <summary>The centre of cell (col, row); row 0 is the northern row, so y falls as row grows.</summary>
    public (double X, double Y) CellCentre(int col, int row)
    {
        Index(col, row);
        return (OriginX + (col + 0.5) * CellSize, OriginY + (Rows - row - 0.5) * CellSize);
    }

    /// <summary>The cell holding (x, y), cells being half-open to the east and south; false outside the grid.</summary>
    public bool TryCellAt(double x, double y, out int col, out int row)
    {
        var c = Math.Floor((x - OriginX) / CellSize);
        var r = Math.Floor((MaxY - y) / CellSize);
        var inside = c >= 0 && c < Columns && r >= 0 && r < Rows;
        col = inside ? (int)c : -1;
        row = inside ? (int)r : -1;
        return inside;
    }

    /// <summary>
    /// The elevation at (x, y), bilinear between the four nearest cell centres. Within half a cell of the grid's edge
    /// the nearest centres are used (the value is held flat to the edge). NaN outside the grid, or where any of the
    /// cells it would blend has no data: a flood model should see a hole, not a slope invented towards -9999.
    /// </summary>
    public double Sample(double x, double y)
    {
        if (!(x >= OriginX && x <= MaxX && y >= OriginY && y <= MaxY)) return double.NaN;
        var fc = Math.Clamp((x - OriginX) / CellSize - 0.5, 0, Columns - 1);
        var fr = Math.Clamp((MaxY - y) / CellSize - 0.5, 0, Rows - 1);
        int c0 = (int)fc, r0 = (int)fr;
        double tc = fc - c0, tr = fr - r0;
        // A neighbour with no weight is not blended, so a point on a valid centre beside a hole keeps its value.
        int c1 = tc == 0 ? c0 : c0 + 1, r1 = tr == 0 ? r0 : r0 + 1;
        float v00 = Values[r0 * Columns + c0], v10 = Values[r0 * Columns + c1];
        float v01 = Values[r1 * Columns + c0], v11 = Values[r1 * Columns + c1];
        if (IsNoData(v00) || IsNoData(v10) || IsNoData(v01) || IsNoData(v11)) return double.NaN;
        var north = v00 + (v10 - v00) * tc;
        var south = v01 + (v11 - v01) * tc;
        return north + (south - north) * tr;
    }
}
