using System.Globalization;
using System.Text.Json;

namespace CityMesh.Contracts.Geo;

/// <summary>A GeoJSON value that breaks RFC 7946; <see cref="Field"/> names where, as a JSON path.</summary>
public sealed class GeoJsonException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
    public string Reason { get; } = message;
}

/// <summary>Reads and writes GeoJSON geometries, validating coordinates (WGS84 ranges, closed rings).</summary>
public static class GeoJson
{
    public static Geometry Read(JsonElement element, string field = "geometry")
    {
        if (element.ValueKind != JsonValueKind.Object) throw new GeoJsonException(field, "must be a GeoJSON geometry object");
        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new GeoJsonException($"{field}.type", "is required and must be a string");
        var type = typeElement.GetString()!;
        if (!element.TryGetProperty("coordinates", out var c))
            throw new GeoJsonException($"{field}.coordinates", "is required");
        var path = $"{field}.coordinates";
        return type switch
        {
            "Point" => new Point(ReadPosition(c, path)),
            "LineString" => new LineString(ReadLine(c, path)),
            "Polygon" => new Polygon(ReadPolygon(c, path)),
            "MultiPoint" => new MultiPoint(ReadArray(c, path, 1, ReadPosition)),
            "MultiLineString" => new MultiLineString(ReadArray(c, path, 1, ReadLine)),
            "MultiPolygon" => new MultiPolygon(ReadArray(c, path, 1, ReadPolygon)),
            _ => throw new GeoJsonException($"{field}.type",
                $"'{type}' is not supported; use Point, LineString, Polygon, MultiPoint, MultiLineString or MultiPolygon"),
        };
    }

    /// <summary>Parses geometry text such as <c>{"type":"Point","coordinates":[1,2]}</c>.</summary>
    public static Geometry Parse(string json, string field = "geometry")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement, field);
        }
        catch (JsonException e)
        {
            throw new GeoJsonException(field, $"is not valid JSON ({e.Message})");
        }
    }

    /// <summary>
    /// Reads the coordinates alone, as NGSI-LD's geo-query passes them (<c>geometry=Point&amp;coordinates=[8,40]</c>).
    /// </summary>
    public static Geometry FromCoordinates(string type, string coordinatesJson, string field = "coordinates")
    {
        try
        {
            using var doc = JsonDocument.Parse(coordinatesJson);
            var c = doc.RootElement;
            return type switch
            {
                "Point" => new Point(ReadPosition(c, field)),
                "LineString" => new LineString(ReadLine(c, field)),
                "Polygon" => new Polygon(ReadPolygon(c, field)),
                "MultiPoint" => new MultiPoint(ReadArray(c, field, 1, ReadPosition)),
                "MultiLineString" => new MultiLineString(ReadArray(c, field, 1, ReadLine)),
                "MultiPolygon" => new MultiPolygon(ReadArray(c, field, 1, ReadPolygon)),
                _ => throw new GeoJsonException("geometry", $"'{type}' is not a supported geometry type"),
            };
        }
        catch (JsonException e)
        {
            throw new GeoJsonException(field, $"is not valid JSON ({e.Message})");
        }
    }

    private static T[] ReadArray<T>(JsonElement e, string path, int min, Func<JsonElement, string, T> item)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new GeoJsonException(path, "must be an array");
        var n = e.GetArrayLength();
        if (n < min) throw new GeoJsonException(path, $"needs at least {min} element(s), has {n}");
        var result = new T[n];
        var i = 0;
        foreach (var child in e.EnumerateArray())
        {
            result[i] = item(child, $"{path}[{i}]");
            i++;
        }
        return result;
    }

    private static Position ReadPosition(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new GeoJsonException(path, "a position must be an array [longitude, latitude]");
        var n = e.GetArrayLength();
        if (n is < 2 or > 3) throw new GeoJsonException(path, $"a position has 2 or 3 numbers, not {n}");
        var values = new double[n];
        var i = 0;
        foreach (var v in e.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out values[i]) || !double.IsFinite(values[i]))
                throw new GeoJsonException($"{path}[{i}]", "must be a finite number");
            i++;
        }
        if (values[0] is < -180 or > 180) throw new GeoJsonException($"{path}[0]", $"longitude {Fmt(values[0])} is outside [-180, 180]");
        if (values[1] is < -90 or > 90) throw new GeoJsonException($"{path}[1]", $"latitude {Fmt(values[1])} is outside [-90, 90]");
        return new Position(values[0], values[1], n == 3 ? values[2] : double.NaN);
    }

    private static Position[] ReadLine(JsonElement e, string path) => ReadArray(e, path, 2, ReadPosition);

    private static Position[][] ReadPolygon(JsonElement e, string path) => ReadArray(e, path, 1, ReadRing);

    private static Position[] ReadRing(JsonElement e, string path)
    {
        var ring = ReadArray(e, path, 4, ReadPosition);
        var first = ring[0];
        var last = ring[^1];
        if (first.Longitude != last.Longitude || first.Latitude != last.Latitude)
            throw new GeoJsonException(path, "a linear ring must be closed: its last position must equal its first");
        return ring;
    }

    private static string Fmt(double d) => d.ToString(CultureInfo.InvariantCulture);

    /// <param name="decimals">Round coordinates to this many decimals (7 is about a centimetre); null keeps them whole.</param>
    public static void Write(Utf8JsonWriter w, Geometry g, int? decimals = null)
    {
        w.WriteStartObject();
        w.WriteString("type", g.Type);
        w.WritePropertyName("coordinates");
        switch (g)
        {
            case Point p: WritePosition(w, p.Coordinates, decimals); break;
            case LineString l: WriteLine(w, l.Coordinates, decimals); break;
            case Polygon p: WritePolygon(w, p.Rings, decimals); break;
            case MultiPoint mp: WriteLine(w, mp.Coordinates, decimals); break;
            case MultiLineString ml:
                w.WriteStartArray();
                foreach (var l in ml.Lines) WriteLine(w, l, decimals);
                w.WriteEndArray();
                break;
            case MultiPolygon mp:
                w.WriteStartArray();
                foreach (var p in mp.Polygons) WritePolygon(w, p, decimals);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"Unknown geometry {g.GetType().Name}", nameof(g));
        }
        w.WriteEndObject();
    }

    public static string Write(Geometry g)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, g);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePosition(Utf8JsonWriter w, Position p, int? decimals)
    {
        w.WriteStartArray();
        w.WriteNumberValue(decimals is { } d ? Math.Round(p.Longitude, d) : p.Longitude);
        w.WriteNumberValue(decimals is { } d2 ? Math.Round(p.Latitude, d2) : p.Latitude);
        if (p.HasAltitude) w.WriteNumberValue(p.Altitude);
        w.WriteEndArray();
    }

    private static void WriteLine(Utf8JsonWriter w, Position[] line, int? decimals)
    {
        w.WriteStartArray();
        foreach (var p in line) WritePosition(w, p, decimals);
        w.WriteEndArray();
    }

    private static void WritePolygon(Utf8JsonWriter w, Position[][] rings, int? decimals)
    {
        w.WriteStartArray();
        foreach (var r in rings) WriteLine(w, r, decimals);
        w.WriteEndArray();
    }
}
