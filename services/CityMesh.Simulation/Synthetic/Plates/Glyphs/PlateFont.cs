using System.Collections.Frozen;

namespace CityMesh.Simulation.Synthetic.Plates.Glyphs;

/// <summary>
/// The plate stroke font: condensed, straight strokes, octagonal curves (the look of DIN 1451 / FE-Schrift style plate
/// lettering), defined as centre lines in the unit cell so both renderers draw it from the same table. 0 is narrower
/// than the wide, rounder O; 1 has a flag and no foot while I has bars at both ends; B has a straight spine while 8
/// is two closed loops.
/// </summary>
public static class PlateFont
{
    private static readonly FrozenDictionary<char, GlyphOutline> Outlines =
        PlateFontStrokes.Build().ToFrozenDictionary(g => g.Character);

    /// <summary>Every character the font draws, in table order (digits, letters, '-', '·').</summary>
    public static IReadOnlyList<char> Characters { get; } = PlateFontStrokes.Order;

    public static bool Has(char c) => Outlines.ContainsKey(c);

    /// <summary>The outline of <paramref name="c"/>; throws naming the character when the font lacks it.</summary>
    public static GlyphOutline Glyph(char c) =>
        Outlines.TryGetValue(c, out var glyph)
            ? glyph
            : throw new ArgumentException(
                $"The plate font has no glyph for '{c}' (U+{(int)c:X4}); it draws 0-9, A-Z, '-' and '·'", nameof(c));
}
