namespace CityMesh.Simulation.Synthetic.Plates.Glyphs;

/// <summary>
/// A stroke-font character: centre lines in a unit cell ([0,1]², y down). Drawn in a W×H millimetre cell with a stroke
/// S mm wide, its ink is every point within S/2 of a centre line scaled to the cell (a signed distance field, so
/// edges antialias for free).
/// </summary>
public sealed record GlyphOutline(char Character, IReadOnlyList<GlyphStroke> Strokes)
{
    /// <summary>The ink's bounds in millimetres relative to the cell's top-left corner, for a W×H cell and stroke S.</summary>
    public (float X0, float Y0, float X1, float Y1) InkBox(float width, float height, float stroke)
    {
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        foreach (var s in Strokes)
        {
            x0 = Math.Min(x0, Math.Min(s.X0, s.X1) * width);
            x1 = Math.Max(x1, Math.Max(s.X0, s.X1) * width);
            y0 = Math.Min(y0, Math.Min(s.Y0, s.Y1) * height);
            y1 = Math.Max(y1, Math.Max(s.Y0, s.Y1) * height);
        }
        float h = stroke / 2;
        return (x0 - h, y0 - h, x1 + h, y1 + h);
    }
}

/// <summary>One straight centre-line segment of a glyph, unit-cell coordinates.</summary>
public readonly record struct GlyphStroke(float X0, float Y0, float X1, float Y1);
