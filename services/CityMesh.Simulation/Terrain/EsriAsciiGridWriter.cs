using System.Globalization;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Writes an ESRI ASCII grid: the header in ESRI's order with the lower-left corner, one row per line (northern row
/// first, as the grid holds them), every value in its shortest form that reads back to the same float, and no-data
/// cells (NaN ones too) as the grid's NODATA_value. A <c>.prj</c> is written beside the file when the CRS is known
/// (<see cref="PrjFile.Format"/>), and a stale one removed when it is not.
/// </summary>
public static class EsriAsciiGridWriter
{
    public static void Write(ElevationGrid grid, string path)
    {
        ArgumentNullException.ThrowIfNull(grid);
        using (var writer = new StreamWriter(path))
            Write(grid, writer);
        var prj = PrjFile.PathBeside(path);
        if (PrjFile.Format(grid.Crs) is { } text) File.WriteAllText(prj, text);
        else if (File.Exists(prj)) File.Delete(prj);
    }

    public static void Write(ElevationGrid grid, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.Write($"ncols         {grid.Columns.ToString(c)}\n");
        writer.Write($"nrows         {grid.Rows.ToString(c)}\n");
        writer.Write($"xllcorner     {grid.OriginX.ToString("R", c)}\n");
        writer.Write($"yllcorner     {grid.OriginY.ToString("R", c)}\n");
        writer.Write($"cellsize      {grid.CellSize.ToString("R", c)}\n");
        var noData = grid.NoData.ToString(c);
        writer.Write($"NODATA_value  {noData}\n");
        var line = new System.Text.StringBuilder();
        for (int row = 0; row < grid.Rows; row++)
        {
            line.Clear();
            for (int col = 0; col < grid.Columns; col++)
            {
                if (col > 0) line.Append(' ');
                var v = grid.Values[row * grid.Columns + col];
                line.Append(grid.IsNoData(v) ? noData : v.ToString(c));
            }
            line.Append('\n');
            writer.Write(line);
        }
    }
}
