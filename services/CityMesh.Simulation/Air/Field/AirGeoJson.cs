using System.Text.Json;

namespace CityMesh.Simulation.Air.Field;

/// <summary>
/// Writes a layer as a GeoJSON FeatureCollection (RFC 7946): one Polygon per cell, counter-clockwise from the
/// south-west corner, with properties pollutant, value (null where the field has none), band, colour, row, column.
/// Map clients style cells by <c>colour</c> directly.
/// </summary>
public static class AirGeoJson
{
    public static void Write(AirGrid grid, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        foreach (var cell in grid.Cells)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            w.WriteString("type", "Polygon");
            w.WriteStartArray("coordinates");
            w.WriteStartArray();
            var b = cell.Box;
            foreach (var (lon, lat) in new[] { (b.West, b.South), (b.East, b.South), (b.East, b.North), (b.West, b.North), (b.West, b.South) })
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(lon, 7));
                w.WriteNumberValue(Math.Round(lat, 7));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("pollutant", grid.Pollutant);
            if (double.IsFinite(cell.Value)) w.WriteNumber("value", Math.Round(cell.Value, 3));
            else w.WriteNull("value");
            if (cell.BandName is not null) w.WriteString("band", cell.BandName);
            if (cell.Colour is not null) w.WriteString("colour", cell.Colour);
            w.WriteNumber("row", cell.Row);
            w.WriteNumber("column", cell.Column);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Write(AirGrid grid, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream);
        Write(grid, w);
    }

    public static string ToJson(AirGrid grid)
    {
        using var stream = new MemoryStream();
        Write(grid, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
