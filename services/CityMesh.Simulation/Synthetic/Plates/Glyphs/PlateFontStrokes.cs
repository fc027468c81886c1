namespace CityMesh.Simulation.Synthetic.Plates.Glyphs;

/// <summary>
/// The centre lines of <see cref="PlateFont"/>: polylines in the unit cell (y down) within a small margin, so ink of a
/// stroke up to about a tenth of the cell stays inside it. Curves are chamfered corners (octagons), as on plates.
/// </summary>
internal static class PlateFontStrokes
{
    // Standard left, right, top, bottom and chamfer sizes of a condensed cell.
    private const float L = 0.12f, R = 0.88f, T = 0.06f, B = 0.94f, Cx = 0.24f, Cy = 0.13f;

    public static IReadOnlyList<char> Order { get; } = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-·".ToCharArray();

    public static IEnumerable<GlyphOutline> Build()
    {
        foreach (var c in Order)
            yield return new GlyphOutline(c, Strokes(c));
    }

    private static GlyphStroke[] Strokes(char c) => c switch
    {
        '0' => Octagon(0.2f, T, 0.8f, B, 0.2f, 0.14f),
        '1' => Lines([(0.28f, 0.22f), (0.58f, T), (0.58f, B)]),
        '2' => Lines([(L, T + Cy), (L + Cx, T), (R - Cx, T), (R, T + Cy), (R, 0.42f), (L, B), (R, B)]),
        '3' => [.. Lines([(L, T + Cy), (L + Cx, T), (R - Cx, T), (R, T + Cy), (R, 0.5f - Cy), (R - Cx, 0.5f), (0.34f, 0.5f)]),
                .. Lines([(R - Cx, 0.5f), (R, 0.5f + Cy), (R, B - Cy), (R - Cx, B), (L + Cx, B), (L, B - Cy)])],
        '4' => Lines([(0.7f, B), (0.7f, T), (L, 0.66f), (R, 0.66f)]),
        '5' => Lines([(R, T), (L, T), (L, 0.47f), (R - Cx, 0.47f), (R, 0.47f + Cy), (R, B - Cy), (R - Cx, B), (L + Cx, B), (L, B - Cy)]),
        '6' => Six(),
        '7' => Lines([(L, T), (R, T), (0.4f, B)]),
        '8' => [.. Octagon(0.17f, T, 0.83f, 0.5f, 0.22f, 0.11f), .. Octagon(L, 0.5f, R, B, Cx, 0.12f)],
        '9' => [.. Six().Select(s => new GlyphStroke(1 - s.X0, 1 - s.Y0, 1 - s.X1, 1 - s.Y1))],
        'A' => [.. Lines([(L, B), (0.42f, T), (0.58f, T), (R, B)]), .. Lines([(0.23f, 0.64f), (0.77f, 0.64f)])],
        'B' => [.. Lines([(L, 0.5f), (L, T), (R - Cx - 0.03f, T), (R - 0.03f, T + 0.1f), (R - 0.03f, 0.5f - 0.1f), (R - Cx - 0.03f, 0.5f), (L, 0.5f)]),
                .. Lines([(L, 0.5f), (L, B), (R - Cx, B), (R, B - 0.12f), (R, 0.5f + 0.12f), (R - Cx, 0.5f)])],
        'C' => Lines([(R, T + Cy), (R - Cx, T), (L + Cx, T), (L, T + Cy), (L, B - Cy), (L + Cx, B), (R - Cx, B), (R, B - Cy)]),
        'D' => Lines([(L, T), (R - Cx, T), (R, T + 0.2f), (R, B - 0.2f), (R - Cx, B), (L, B), (L, T)]),
        'E' => [.. Lines([(R, T), (L, T), (L, B), (R, B)]), .. Lines([(L, 0.5f), (0.76f, 0.5f)])],
        'F' => [.. Lines([(R, T), (L, T), (L, B)]), .. Lines([(L, 0.5f), (0.76f, 0.5f)])],
        'G' => Lines([(R, T + Cy), (R - Cx, T), (L + Cx, T), (L, T + Cy), (L, B - Cy), (L + Cx, B), (R - Cx, B), (R, B - Cy), (R, 0.53f), (0.55f, 0.53f)]),
        'H' => [.. Lines([(L, T), (L, B)]), .. Lines([(R, T), (R, B)]), .. Lines([(L, 0.5f), (R, 0.5f)])],
        'I' => [.. Lines([(0.3f, T), (0.7f, T)]), .. Lines([(0.5f, T), (0.5f, B)]), .. Lines([(0.3f, B), (0.7f, B)])],
        'J' => Lines([(R, T), (R, B - Cy), (R - Cx, B), (L + Cx, B), (L, B - Cy), (L, 0.7f)]),
        'K' => [.. Lines([(L, T), (L, B)]), .. Lines([(R, T), (L, 0.6f)]), .. Lines([(0.36f, 0.46f), (R, B)])],
        'L' => Lines([(L, T), (L, B), (R, B)]),
        'M' => Lines([(L, B), (L, T), (0.5f, 0.62f), (R, T), (R, B)]),
        'N' => Lines([(L, B), (L, T), (R, B), (R, T)]),
        'O' => Octagon(0.06f, T, 0.94f, B, 0.3f, 0.2f),
        'P' => Lines([(L, B), (L, T), (R - Cx, T), (R, T + 0.11f), (R, 0.52f - 0.11f), (R - Cx, 0.52f), (L, 0.52f)]),
        'Q' => [.. Octagon(0.08f, T, 0.92f, B, 0.28f, 0.19f), .. Lines([(0.6f, 0.74f), (0.94f, 0.98f)])],
        'R' => [.. Lines([(L, B), (L, T), (R - Cx, T), (R, T + 0.11f), (R, 0.52f - 0.11f), (R - Cx, 0.52f), (L, 0.52f)]), .. Lines([(0.5f, 0.52f), (R, B)])],
        'S' => Lines([(R, T + Cy), (R - Cx, T), (L + Cx, T), (L, T + Cy), (L, 0.5f - 0.1f), (L + Cx, 0.5f), (R - Cx, 0.5f), (R, 0.5f + 0.1f),
                      (R, B - Cy), (R - Cx, B), (L + Cx, B), (L, B - Cy)]),
        'T' => [.. Lines([(L, T), (R, T)]), .. Lines([(0.5f, T), (0.5f, B)])],
        'U' => Lines([(L, T), (L, B - Cy), (L + Cx, B), (R - Cx, B), (R, B - Cy), (R, T)]),
        'V' => Lines([(L, T), (0.5f, B), (R, T)]),
        'W' => Lines([(0.06f, T), (0.27f, B), (0.5f, 0.4f), (0.73f, B), (0.94f, T)]),
        'X' => [.. Lines([(L, T), (R, B)]), .. Lines([(R, T), (L, B)])],
        'Y' => [.. Lines([(L, T), (0.5f, 0.5f), (R, T)]), .. Lines([(0.5f, 0.5f), (0.5f, B)])],
        'Z' => Lines([(L, T), (R, T), (L, B), (R, B)]),
        '-' => Lines([(0.22f, 0.5f), (0.78f, 0.5f)]),
        // A short bar drawn with round caps reads as a dot.
        '·' => Lines([(0.46f, 0.5f), (0.54f, 0.5f)]),
        _ => throw new InvalidOperationException($"no strokes defined for '{c}'"),
    };

    private static GlyphStroke[] Six() =>
        Lines([(R, T + Cy), (R - Cx, T), (L + Cx, T), (L, T + Cy), (L, B - Cy), (L + Cx, B), (R - Cx, B), (R, B - Cy),
               (R, 0.48f + 0.11f), (R - Cx, 0.48f), (L, 0.48f)]);

    private static GlyphStroke[] Octagon(float l, float t, float r, float b, float cx, float cy) =>
        Lines([(l + cx, t), (r - cx, t), (r, t + cy), (r, b - cy), (r - cx, b), (l + cx, b), (l, b - cy), (l, t + cy), (l + cx, t)]);

    private static GlyphStroke[] Lines(ReadOnlySpan<(float X, float Y)> points)
    {
        var strokes = new GlyphStroke[points.Length - 1];
        for (int i = 1; i < points.Length; i++)
            strokes[i - 1] = new GlyphStroke(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y);
        return strokes;
    }
}
