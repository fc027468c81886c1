using CityMesh.Simulation.Synthetic.Plates.Glyphs;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

public sealed class PlateFontTests
{
    [Fact]
    public void Covers_digits_capitals_dash_and_middle_dot_with_strokes_inside_the_unit_cell()
    {
        var expected = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-·";
        Assert.Equal(expected.ToCharArray(), PlateFont.Characters);
        foreach (var c in expected)
        {
            Assert.True(PlateFont.Has(c));
            var glyph = PlateFont.Glyph(c);
            Assert.Equal(c, glyph.Character);
            Assert.NotEmpty(glyph.Strokes);
            foreach (var s in glyph.Strokes)
                foreach (var v in new[] { s.X0, s.Y0, s.X1, s.Y1 })
                    Assert.InRange(v, 0f, 1f);
        }
    }

    [Theory]
    [InlineData('a')]
    [InlineData('Ö')]
    [InlineData(' ')]
    public void Unknown_characters_are_refused_by_name(char c)
    {
        Assert.False(PlateFont.Has(c));
        var e = Assert.Throws<ArgumentException>(() => PlateFont.Glyph(c));
        Assert.Contains($"'{c}'", e.Message);
    }

    [Fact]
    public void Confusable_pairs_are_drawn_differently()
    {
        // 0 is narrower than O.
        var zero = PlateFont.Glyph('0').InkBox(1, 1, 0);
        var oh = PlateFont.Glyph('O').InkBox(1, 1, 0);
        Assert.True(oh.X1 - oh.X0 > (zero.X1 - zero.X0) * 1.3f);
        // I has bars at top and bottom; 1 has no horizontal stroke at its foot.
        Assert.Contains(PlateFont.Glyph('I').Strokes, s => s.Y0 == s.Y1 && s.Y0 > 0.9f);
        Assert.DoesNotContain(PlateFont.Glyph('1').Strokes, s => s.Y0 == s.Y1);
        // B has a straight spine from top to bottom on the left; 8 has no vertical stroke longer than half the height.
        Assert.True(PlateFont.Glyph('B').Strokes.Where(s => s.X0 == s.X1 && s.X0 < 0.2f).Sum(s => Math.Abs(s.Y1 - s.Y0)) > 0.85f);
        Assert.DoesNotContain(PlateFont.Glyph('8').Strokes, s => s.X0 == s.X1 && Math.Abs(s.Y1 - s.Y0) > 0.5f);
    }
}
