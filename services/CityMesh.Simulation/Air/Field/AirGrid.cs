using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Air.Field;

/// <summary>A box on the map: west/south/east/north in WGS84 degrees.</summary>
public sealed record GeoBox(double West, double South, double East, double North)
{
    public IEnumerable<string> Check(string path)
    {
        if (!(Math.Abs(West) <= 180 && Math.Abs(East) <= 180)) yield return $"{path}.West/East must be -180 to 180 (got {West}, {East})";
        if (!(Math.Abs(South) <= 90 && Math.Abs(North) <= 90)) yield return $"{path}.South/North must be -90 to 90 (got {South}, {North})";
        if (!(West < East)) yield return $"{path}.West ({West}) must be less than East ({East})";
        if (!(South < North)) yield return $"{path}.South ({South}) must be less than North ({North})";
    }
}

/// <summary>
/// One cell of a layer: its row (from the south) and column (from the west), its box, the field at its centre, and
/// the index band of that value (null without an index, or where the field has no value).
/// </summary>
public sealed record AirGridCell(int Row, int Column, GeoBox Box, double Value, int? Band, string? BandName, string? Colour);

/// <summary>A gridded map layer of one pollutant: <see cref="Cells"/> row by row from the south-west.</summary>
public sealed record AirGrid(string Pollutant, GeoBox Box, int Rows, int Columns, double CellMetres, IReadOnlyList<AirGridCell> Cells)
{
    public const int MaxCells = 1_000_000;

    /// <summary>
    /// Samples a field at the centres of square cells of about <paramref name="cellMetres"/> over the box (the last
    /// row and column may be narrower). With an index, each cell carries the band of its value; the index judges means
    /// over its averaging time, so give it a field of such means.
    /// </summary>
    /// <exception cref="ArgumentException">The box or cell size is invalid, or the grid would exceed <see cref="MaxCells"/> cells.</exception>
    public static AirGrid Build(IAirField field, string pollutant, GeoBox box, double cellMetres, AirIndex? index = null)
    {
        var errors = box.Check("box").ToList();
        if (!(cellMetres >= 1)) errors.Add($"cellMetres must be at least 1 (got {cellMetres})");
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(box));
        if (index is not null && !index.Covers(pollutant)) throw new ArgumentException($"the index does not cover '{pollutant}'", nameof(pollutant));
        var width = LocalMetres.Distance(new(box.West, (box.South + box.North) / 2), new(box.East, (box.South + box.North) / 2));
        var height = LocalMetres.Distance(new(box.West, box.South), new(box.West, box.North));
        // A box a whole number of cells wide must not gain a sliver column from rounding.
        var columns = Math.Max(1, (int)Math.Ceiling(width / cellMetres - 1e-6));
        var rows = Math.Max(1, (int)Math.Ceiling(height / cellMetres - 1e-6));
        if ((long)rows * columns > MaxCells)
            throw new ArgumentException($"cellMetres {cellMetres} over a {width:0} × {height:0} m box makes {rows} × {columns} cells; at most {MaxCells} are allowed", nameof(cellMetres));
        double dLon = (box.East - box.West) * cellMetres / width, dLat = (box.North - box.South) * cellMetres / height;
        var cells = new AirGridCell[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var south = box.South + r * dLat;
            var north = Math.Min(box.North, south + dLat);
            for (var c = 0; c < columns; c++)
            {
                var west = box.West + c * dLon;
                var east = Math.Min(box.East, west + dLon);
                var value = field.ValueAt((west + east) / 2, (south + north) / 2);
                int? band = index is not null && double.IsFinite(value) ? index.Band(pollutant, value) : null;
                cells[r * columns + c] = new AirGridCell(r, c, new GeoBox(west, south, east, north), value, band,
                    band is { } b ? index!.Bands[b].Name : null, band is { } b2 ? index!.Bands[b2].Colour : null);
            }
        }
        return new AirGrid(pollutant, box, rows, columns, cellMetres, cells);
    }
}
