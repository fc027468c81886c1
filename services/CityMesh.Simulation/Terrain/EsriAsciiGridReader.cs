using System.Globalization;
using CityMesh.Limits;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Reads an ESRI ASCII grid (<c>.asc</c>, "Arc/Info ASCII Grid"): a header of <c>key value</c> lines (ncols, nrows,
/// xllcorner or xllcenter, yllcorner or yllcenter, cellsize, and optionally NODATA_value; keys in any case and any
/// order; GDAL's dx/dy accepted when equal), then nrows lines of ncols numbers each, the northern row first. The CRS
/// comes from the <c>.prj</c> beside the file where there is one (<see cref="PrjFile"/>). One row per line is required
/// (every writer we know, ESRI's and GDAL's included, writes it so): it lets an error say which row is short.
/// </summary>
public static class EsriAsciiGridReader
{
    private static readonly string[] HeaderKeys = ["ncols", "nrows", "xllcorner", "xllcenter", "yllcorner", "yllcenter", "cellsize", "nodata_value", "dx", "dy"];

    public static ElevationGrid Read(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.InputFileBytes)
            throw new TerrainFormatException(path, null, $"is {length:N0} bytes, more than the {limits.InputFileBytes:N0} an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");
        using var reader = new StreamReader(path);
        return Read(reader, path, PrjFile.ReadBeside(path), limits);
    }

    /// <param name="name">The file's name for messages.</param>
    public static ElevationGrid Read(TextReader reader, string name, CoordinateReferenceSystem? crs = null, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        int lineNumber = 0;
        string? line;
        // The header: key-value lines up to the first line that starts with a number.
        while (true)
        {
            line = reader.ReadLine();
            lineNumber++;
            if (line is null) throw new TerrainFormatException(name, lineNumber, "the file ends before any values (an ASCII grid needs a header and nrows rows of values)");
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var key = tokens[0].ToLowerInvariant();
            if (!HeaderKeys.Contains(key))
            {
                if (TryParseValue(tokens[0], out _)) break;
                throw new TerrainFormatException(name, lineNumber, $"'{Shorten(tokens[0])}' is neither a header key ({string.Join(", ", HeaderKeys)}) nor a number");
            }
            if (tokens.Length != 2) throw new TerrainFormatException(name, lineNumber, $"header key {key} needs exactly one value after it, found {tokens.Length - 1}");
            if (header.TryGetValue(key, out var earlier)) throw new TerrainFormatException(name, lineNumber, $"{key} is given again (first on line {earlier.Line})");
            header[key] = (tokens[1], lineNumber);
        }
        var grid = Header.From(header, name, lineNumber);
        if ((long)grid.Columns * grid.Rows * sizeof(float) > limits.RunMemoryBytes)
            throw new TerrainFormatException(name, header["nrows"].Line,
                $"ncols × nrows = {(long)grid.Columns * grid.Rows:N0} cells, more than the {limits.RunMemoryBytes:N0} bytes a run may plan ({InputLimits.Section}:{nameof(InputLimits.RunMemoryBytes)})");

        var values = new float[grid.Columns * grid.Rows];
        int row = 0;
        for (; line is not null; line = reader.ReadLine(), lineNumber++)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (row == grid.Rows) throw new TerrainFormatException(name, lineNumber, $"a row past the {grid.Rows} rows nrows gives");
            ReadRow(line, values.AsSpan(row * grid.Columns, grid.Columns), name, lineNumber, row, grid.Rows);
            row++;
        }
        if (row < grid.Rows)
            throw new TerrainFormatException(name, lineNumber - 1, $"the file ends after {row} of the {grid.Rows} rows nrows gives");
        return new ElevationGrid(grid.Columns, grid.Rows, grid.CellSize, grid.OriginX, grid.OriginY, values, grid.NoData, crs);
    }

    /// <summary>One line of values into <paramref name="row"/>; the error names the line, the 1-based character column and the row.</summary>
    private static void ReadRow(string line, Span<float> target, string name, int lineNumber, int row, int rows)
    {
        int count = 0, at = 0;
        while (true)
        {
            while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
            if (at == line.Length) break;
            int start = at;
            while (at < line.Length && !char.IsWhiteSpace(line[at])) at++;
            var token = line[start..at];
            if (count < target.Length)
            {
                if (!TryParseValue(token, out target[count]))
                    throw new TerrainFormatException(name, lineNumber, $"column {start + 1} (row {row + 1} of {rows}, value {count + 1}): '{Shorten(token)}' is not a number");
            }
            count++;
        }
        if (count != target.Length)
            throw new TerrainFormatException(name, lineNumber, $"row {row + 1} of {rows} has {count} values, ncols is {target.Length}");
    }

    /// <summary>A finite number or NaN (GDAL writes "nan" for float no-data); infinities are not elevations.</summary>
    private static bool TryParseValue(string token, out float value) =>
        float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !float.IsInfinity(value);

    private static string Shorten(string token) => token.Length <= 40 ? token : token[..40] + "…";

    /// <summary>The header's numbers, each checked with the line it came from.</summary>
    private sealed record Header(int Columns, int Rows, double CellSize, double OriginX, double OriginY, float NoData)
    {
        public static Header From(Dictionary<string, (string Value, int Line)> keys, string name, int firstValueLine)
        {
            var columns = Count("ncols");
            var rows = Count("nrows");
            var cellSize = CellSize();
            var x = Corner("xllcorner", "xllcenter", cellSize);
            var y = Corner("yllcorner", "yllcenter", cellSize);
            var noData = keys.ContainsKey("nodata_value") ? (float)Number("nodata_value", allowNaN: true) : ElevationGrid.DefaultNoData;
            return new Header(columns, rows, cellSize, x, y, noData);

            TerrainFormatException Missing(string what) =>
                new(name, firstValueLine, $"values start here but the header has no {what}");

            double Number(string key, bool allowNaN = false)
            {
                var (text, line) = keys[key];
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsInfinity(v) || (double.IsNaN(v) && !allowNaN))
                    throw new TerrainFormatException(name, line, $"{key} '{Shorten(text)}' is not a finite number");
                return v;
            }

            int Count(string key)
            {
                if (!keys.TryGetValue(key, out var entry)) throw Missing(key);
                if (!int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    throw new TerrainFormatException(name, entry.Line, $"{key} must be a whole number ≥ 1, not '{Shorten(entry.Value)}'");
                return n;
            }

            double CellSize()
            {
                bool hasSize = keys.ContainsKey("cellsize"), hasDx = keys.ContainsKey("dx"), hasDy = keys.ContainsKey("dy");
                if (hasSize && (hasDx || hasDy))
                    throw new TerrainFormatException(name, keys[hasDx ? "dx" : "dy"].Line, "cellsize and dx/dy are both given; give one");
                if (hasDx != hasDy) throw new TerrainFormatException(name, keys[hasDx ? "dx" : "dy"].Line, $"{(hasDx ? "dx" : "dy")} needs {(hasDx ? "dy" : "dx")} beside it");
                if (!hasSize && !hasDx) throw Missing("cellsize");
                var key = hasSize ? "cellsize" : "dx";
                var size = Number(key);
                if (!(size > 0)) throw new TerrainFormatException(name, keys[key].Line, $"{key} must be > 0, not {size.ToString(CultureInfo.InvariantCulture)}");
                if (hasDy && Number("dy") != size)
                    throw new TerrainFormatException(name, keys["dy"].Line,
                        $"dy {keys["dy"].Value} differs from dx {keys["dx"].Value}: non-square cells are not supported; resample to square cells first");
                return size;
            }

            // A *center key gives the centre of the lower-left cell; the grid keeps its corner.
            double Corner(string corner, string centre, double size)
            {
                bool hasCorner = keys.ContainsKey(corner), hasCentre = keys.ContainsKey(centre);
                if (hasCorner && hasCentre) throw new TerrainFormatException(name, keys[centre].Line, $"{corner} and {centre} are both given; give one");
                if (hasCorner) return Number(corner);
                if (hasCentre) return Number(centre) - size / 2;
                throw Missing($"{corner} or {centre}");
            }
        }
    }
}
