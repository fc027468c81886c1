using System.Globalization;
using System.Text;

namespace CityMesh.Twin.Tests.Abuse;

/// <summary>
/// Seeded ways to break a JSON body: truncations, byte flips, raw bytes that are not UTF-8, escaped NUL and lone
/// surrogates, duplicate members, deep nesting and numbers no double holds; and GeoJSON that is wrong in shape or size.
/// </summary>
internal static class BodyMutations
{
    private static readonly byte[][] NotUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]];

    private static readonly string[] Escapes = ["\\u0000", "\\ud800", "\\udfff", "\\ud83d", "\\u0000\\u0000", "\\uDBFF"];

    private static readonly string[] Numbers =
    [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.0000000000000000000000000001", "1E+9999999999",
        "9007199254740993", "NaN", "Infinity", "01", "1.", ".5", "+1",
    ];

    public static byte[] Mutate(Random random, byte[] body)
    {
        switch (random.Next(9))
        {
            case 0:
                return body[..random.Next(body.Length)];
            case 1:
                var flipped = (byte[])body.Clone();
                for (var n = random.Next(1, 4); n > 0; n--) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                return flipped;
            case 2:
                return InsertIntoString(random, body, NotUtf8[random.Next(NotUtf8.Length)]);
            case 3:
                return InsertIntoString(random, body, Encoding.ASCII.GetBytes(Escapes[random.Next(Escapes.Length)]));
            case 4:
                return Replace(body, "\"value\": ", $"\"value\": {Value(random)}, \"value\": ");
            case 5:
                var depth = random.Next(2) == 0 ? random.Next(30, 70) : random.Next(500, 5000);
                return Replace(body, "\"value\": 42.5", $"\"value\": {new string('[', depth)}1{new string(']', depth)}");
            case 6:
                return Replace(body, "42.5", Numbers[random.Next(Numbers.Length)]);
            case 7:
                return Replace(body, "\"unitCode\"", random.Next(2) == 0 ? "\"unitCode\": \"KMH\", \"unitCode\"" : "\"\\u0000\"");
            default:
                return body; // the geometry alone is the mutation
        }
    }

    /// <summary>A location value: sometimes valid, mostly not.</summary>
    public static string Geometry(Random random)
    {
        string Position() => $"[{Coordinate(random, 180)}, {Coordinate(random, 90)}]";
        switch (random.Next(10))
        {
            case 0:
                return $$"""{"type": "Point", "coordinates": {{Position()}}}""";
            case 1:
                return """{"type": "Polygon", "coordinates": [[[8, 47], [9, 47], [9, 48], [8, 48]]]}"""; // unclosed ring
            case 2:
                var points = random.Next(2) == 0 ? random.Next(4, 50) : random.Next(5_000, 40_000);
                var ring = string.Join(",", Enumerable.Range(0, points).Select(i =>
                    $"[{(8 + Math.Cos(i * 2 * Math.PI / points)).ToString(CultureInfo.InvariantCulture)}, {(47 + Math.Sin(i * 2 * Math.PI / points)).ToString(CultureInfo.InvariantCulture)}]"));
                return $$"""{"type": "Polygon", "coordinates": [[{{ring}}, [9, 47]]]}""";
            case 3:
                var nested = """{"type": "Point", "coordinates": [8, 47]}""";
                for (var i = random.Next(1, 80); i > 0; i--) nested = $$"""{"type": "GeometryCollection", "geometries": [{{nested}}]}""";
                return nested;
            case 4:
                return $$"""{"type": "LineString", "coordinates": [{{Position()}}]}""";
            case 5:
                return $$"""{"type": "MultiPolygon", "coordinates": [[[{{Position()}}, {{Position()}}, {{Position()}}, {{Position()}}]]]}""";
            case 6:
                return """{"type": "Point", "coordinates": [[8, 47]]}""";
            case 7:
                return """{"type": "Point", "coordinates": [8, 47, 1, 2]}""";
            case 8:
                return """{"type": "Polygon", "coordinates": [[[8, 47], [8, 47], [8, 47], [8, 47]]]}"""; // degenerate
            default:
                return """{"type": "LineString", "coordinates": [[8.54, 47.37], [8.55, 47.38]]}""";
        }
    }

    private static string Coordinate(Random random, double bound) => random.Next(6) switch
    {
        0 => "1e999",
        1 => "\"NaN\"",
        2 => (bound * 2).ToString(CultureInfo.InvariantCulture),
        3 => "null",
        _ => (random.NextDouble() * 2 * bound - bound).ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Value(Random random) => random.Next(3) switch
    {
        0 => "1",
        1 => "\"text\"",
        _ => "{\"a\": 1, \"a\": 2}",
    };

    /// <summary>Puts <paramref name="bytes"/> just inside a randomly chosen string of the body.</summary>
    private static byte[] InsertIntoString(Random random, byte[] body, byte[] bytes)
    {
        var quotes = Enumerable.Range(0, body.Length).Where(i => body[i] == (byte)'"').ToArray();
        if (quotes.Length == 0) return body;
        var at = quotes[random.Next(quotes.Length)] + 1;
        return [.. body[..at], .. bytes, .. body[at..]];
    }

    private static byte[] Replace(byte[] body, string find, string replacement) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(find, replacement, StringComparison.Ordinal));
}
