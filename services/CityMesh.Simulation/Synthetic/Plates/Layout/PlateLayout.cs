using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Synthetic.Plates.Layout;

/// <summary>Places a registration on its template's plate: glyph cells in millimetres, then bands, decorations and screws.</summary>
public static class PlateLayout
{
    /// <summary>
    /// Cells sit side by side with the template's spacing, centred in [text.left, text.right]; a text too long for
    /// that width is narrowed as a whole (cells, gaps and strokes), as plate makers switch to a narrower type.
    /// Spaces are gaps without a glyph.
    /// </summary>
    public static PlateSurface Lay(PlateTemplate template, string text, float dirt = 0, float dirtScale = 20)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(text);
        var style = template.Text;
        double total = 0;
        for (int i = 0; i < text.Length; i++) total += Advance(style, text[i]) + (i > 0 ? style.Spacing : 0);
        double available = style.Right - style.Left;
        double scale = total > available ? available / total : 1;
        double x = style.Left + (available - total * scale) / 2;
        var colour = PlateColour.Parse(style.Colour);
        var glyphs = new List<PlacedGlyph>(text.Length + template.Decorations.Count);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            double width = Advance(style, c) * scale;
            if (c != ' ')
                glyphs.Add(new PlacedGlyph(c, (float)x, (float)style.Top, (float)width, (float)style.Height, (float)(style.Stroke * scale), colour));
            x += width + style.Spacing * scale;
        }
        foreach (var d in template.Decorations)
            glyphs.Add(new PlacedGlyph(d.Character[0], (float)d.X, (float)d.Y, (float)d.Width, (float)d.Height, (float)d.Stroke, PlateColour.Parse(d.Colour), Labelled: false));
        return new PlateSurface
        {
            Width = (float)template.Width,
            Height = (float)template.Height,
            CornerRadius = (float)template.CornerRadius,
            Background = PlateColour.Parse(template.Background),
            Border = PlateColour.Parse(template.Border),
            BorderWidth = (float)template.BorderWidth,
            Bands = template.Bands.Select(b => new PlateBand((float)b.X, (float)b.Y, (float)b.Width, (float)b.Height, PlateColour.Parse(b.Colour))).ToList(),
            Glyphs = glyphs,
            Screws = template.Screws.Select(s => new Screw((float)s.X, (float)s.Y, (float)s.Radius)).ToList(),
            Dirt = dirt,
            DirtScale = dirtScale,
        };
    }

    private static double Advance(PlateTextStyle style, char c) => c switch
    {
        ' ' => style.SpaceWidth,
        '-' or '·' => style.NarrowWidth,
        _ => style.CharacterWidth,
    };
}
