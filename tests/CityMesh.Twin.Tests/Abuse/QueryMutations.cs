namespace CityMesh.Twin.Tests.Abuse;

/// <summary>
/// Seeded query strings for <c>GET /entities</c> and the temporal API: malformed q and idPattern, geo-queries with bad
/// shapes and distances, numbers that overflow, NUL and bytes that are not UTF-8 (percent-encoded).
/// </summary>
internal static class QueryMutations
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "1000", "1001", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e3", "0x10", " 5", "%00",
        "%FF", "1.5", "NaN", "",
    ];

    private static readonly string[] Qs =
    [
        "speed>50", "speed==1..", "speed==..5", "((((((((((", "))", "a[", "a[b", "a[b]]==1", "a==\"", "a~=\"(\"", "a~=\"(%3F<=x)\"", "a~=\"(a%2B)%2B%24\"",
        "name~=\"^(a*)*$\"", "speed>%00", "%00", "%FF%FE", "a==1;;b==2", "a==1||b==2", "a!=", "a==1e400", "a==-1e400", "a==\"%5Cud800\"",
        "a==\"x%5C\"", "speed==1,2,3," , "a.b.c.d==1", "a[b][c][d][e][f][g]==1", "createdAt>2026", "name~=\"" + new string('(', 300) + "\"",
    ];

    private static readonly string[] IdPatterns =
    [
        "%5C", "(", "(a%2B)%2B%24", "%5B", "(%3F<n>x)", "%5Cp{L}", "a{99999999999}", "(%3Fi)URN", ".*", "%00", "%FF", "x{2,1}", "%5Ck<n>",
        "(.*a){25}", "urn:%5Cd%2B",
    ];

    private static readonly string[] Geometries = ["Point", "Polygon", "MultiPolygon", "LineString", "GeometryCollection", "Circle", "", "point"];

    private static readonly string[] Coordinates =
    [
        "[8,47]", "[8]", "[]", "[[]]", "null", "[1e999,0]", "[8,NaN]", "[8,47,1,2]", "[[[8,47],[9,47],[9,48],[8,47]]]",
        "[[[8,47],[9,47],[9,48],[8,48]]]", "[[[[8,47],[9,47],[9,48],[8,47]]]]", "[\"8\",47]", "[[8,47],[9,48]]", "[181,0]",
        "%5B%5B", "[8,47", "[8,%00]",
    ];

    private static readonly string[] Georels =
    [
        "near;maxDistance==1000", "near;maxDistance==1e999", "near;maxDistance==-1", "near;minDistance==NaN", "near;maxDistance==",
        "near", "near;maxDistance==1;minDistance==2", "within", "intersects", "disjoint", "within;x==1", "near;foo==1", "%00", "near;maxDistance==1e308",
    ];

    public static string Next(Random random)
    {
        var parts = new List<string>();
        if (random.Next(3) == 0) parts.Add($"limit={Pick(random, Numbers)}");
        if (random.Next(3) == 0) parts.Add($"offset={Pick(random, Numbers)}");
        if (random.Next(4) == 0) parts.Add($"lastN={Pick(random, Numbers)}");
        if (random.Next(4) == 0) parts.Add($"count={Pick(random, ["true", "false", "1", "%00"])}");
        if (random.Next(3) == 0) parts.Add($"q={Pick(random, Qs)}");
        if (random.Next(4) == 0) parts.Add($"idPattern={Pick(random, IdPatterns)}");
        if (random.Next(3) == 0)
        {
            parts.Add($"georel={Pick(random, Georels)}");
            if (random.Next(6) > 0) parts.Add($"geometry={Pick(random, Geometries)}");
            if (random.Next(6) > 0) parts.Add($"coordinates={Pick(random, Coordinates)}");
        }
        if (random.Next(5) == 0) parts.Add($"type={Pick(random, ["RoadSegment", "%00", "9x", "A;B", "A|B", "", "urn:x"])}");
        if (random.Next(5) == 0) parts.Add($"attrs={Pick(random, ["speed", "%00", "", ",,,", "a%FFb", "location"])}");
        if (random.Next(5) == 0) parts.Add($"id={Pick(random, ["urn:x:1", "%00", "urn:x:%00", "not a uri", "urn:x:%FF"])}");
        if (random.Next(6) == 0) parts.Add($"timerel={Pick(random, ["before", "after", "between", "x"])}&timeAt={Pick(random, ["2026-03-01T08:00:00Z", "2026-03-01T08:00:00", "9999-99-99", "%00"])}");
        if (random.Next(6) == 0) parts.Add($"options={Pick(random, ["keyValues", "sysAttrs", "temporalValues", "%00", "x"])}");
        return string.Join("&", parts);
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
