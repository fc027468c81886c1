using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Glyphs;
using CityMesh.Simulation.Synthetic.Plates.Labels;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateLabelGeometryTests
{
    private const double Slack = 1e-5; // the labels' six decimals

    [Fact]
    public void Every_labelled_glyphs_ink_lies_inside_its_box()
    {
        var options = new PlateSynthesisOptions
        {
            // Strong turns and shifts so boxes are clipped and perspective is far from affine.
            Camera = new() { Yaw = new(-60, 60), Pitch = new(-45, 45), Roll = new(-30, 30), Distance = new(1, 3), ShiftX = new(-0.3, 0.3), ShiftY = new(-0.3, 0.3) },
        };
        var sampler = new PlateSceneSampler(options);
        int checkedGlyphs = 0, dropped = 0;
        for (long i = 0; i < 300; i++)
        {
            var scene = sampler.Sample(11, i).Scene;
            var boxes = PlateLabels.Compute(scene, options.Width, options.Height);
            Assert.Equal(PlateCharacterClasses.Plate, boxes[0].Class);
            foreach (var b in boxes)
            {
                Assert.InRange(b.CenterX - b.Width / 2, -Slack, 1 + Slack);
                Assert.InRange(b.CenterX + b.Width / 2, -Slack, 1 + Slack);
                Assert.InRange(b.CenterY - b.Height / 2, -Slack, 1 + Slack);
                Assert.InRange(b.CenterY + b.Height / 2, -Slack, 1 + Slack);
                Assert.True(b.Width > 0 && b.Height > 0);
            }
            var characters = PlateLabels.Characters(scene, options.Width, options.Height).ToList();
            Assert.Equal(boxes.Skip(1), characters.Select(c => c.Box));
            dropped += scene.Plate.Glyphs.Count(g => g.Labelled) - characters.Count;
            foreach (var (glyph, box) in characters)
            {
                var g = scene.Plate.Glyphs[glyph];
                Assert.Equal(PlateCharacterClasses.Of(g.Character), box.Class);
                Assert.True(InkInside(scene, g, box, options.Width, options.Height), $"image {i}: ink of '{g.Character}' leaves its box {box}");
                checkedGlyphs++;
            }
            PlateCornersInside(scene, boxes[0], options.Width, options.Height);
        }
        Assert.True(checkedGlyphs > 1000, $"only {checkedGlyphs} glyphs checked");
        Assert.True(dropped > 0, "the strong shifts should push some characters out of the image");
    }

    /// <summary>Stroke centre lines sampled densely, each point widened by half the stroke in 16 directions, mapped to pixels, must lie in the box (where inside the image).</summary>
    private static bool InkInside(PlateScene scene, PlacedGlyph g, YoloBox box, int width, int height)
    {
        double x0 = (box.CenterX - box.Width / 2) * width - 1e-3, x1 = (box.CenterX + box.Width / 2) * width + 1e-3;
        double y0 = (box.CenterY - box.Height / 2) * height - 1e-3, y1 = (box.CenterY + box.Height / 2) * height + 1e-3;
        foreach (var s in PlateFont.Glyph(g.Character).Strokes)
            for (int t = 0; t <= 40; t++)
            {
                double cx = g.X + (s.X0 + (s.X1 - s.X0) * t / 40.0) * g.Width, cy = g.Y + (s.Y0 + (s.Y1 - s.Y0) * t / 40.0) * g.Height;
                for (int a = 0; a < 16; a++)
                {
                    double angle = a * Math.PI / 8;
                    var (u, v) = scene.PlateToImage.Apply(cx + Math.Cos(angle) * g.Stroke / 2, cy + Math.Sin(angle) * g.Stroke / 2);
                    if (u < 0 || u > width || v < 0 || v > height) continue; // clipped away with the box
                    if (u < x0 || u > x1 || v < y0 || v > y1) return false;
                }
            }
        return true;
    }

    private static void PlateCornersInside(PlateScene scene, YoloBox box, int width, int height)
    {
        foreach (var (x, y) in new[] { (0f, 0f), (scene.Plate.Width, 0f), (scene.Plate.Width, scene.Plate.Height), (0f, scene.Plate.Height) })
        {
            var (u, v) = scene.PlateToImage.Apply(x, y);
            u = Math.Clamp(u, 0, width);
            v = Math.Clamp(v, 0, height);
            Assert.InRange(u / width, box.CenterX - box.Width / 2 - Slack, box.CenterX + box.Width / 2 + Slack);
            Assert.InRange(v / height, box.CenterY - box.Height / 2 - Slack, box.CenterY + box.Height / 2 + Slack);
        }
    }

    [Fact]
    public void A_label_line_round_trips()
    {
        var box = new YoloBox(12, 0.5, 0.25, 0.125, 0.75);
        Assert.Equal("12 0.500000 0.250000 0.125000 0.750000", box.ToString());
        Assert.Equal(box, YoloBox.Parse(box.ToString()));
    }

    [Fact]
    public void Classes_cover_every_shipped_templates_characters()
    {
        Assert.Equal("plate", PlateCharacterClasses.Names[0]);
        Assert.Equal(1 + PlateCharacterClasses.Characters.Length, PlateCharacterClasses.Names.Count);
        Assert.Equal(1, PlateCharacterClasses.Of('0'));
        Assert.Equal(11, PlateCharacterClasses.Of('A'));
        Assert.Equal(-1, PlateCharacterClasses.Of('·'));
    }
}
