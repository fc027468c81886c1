using CityMesh.Simulation.Synthetic.Plates.Glyphs;

namespace CityMesh.Simulation.Synthetic.Plates.Labels;

/// <summary>
/// The boxes a detector learns from a scene: the plate, then each labelled character. A box is the axis-aligned
/// bounds of a rectangle's four corners mapped to the image; a projective map with the plate in front of the camera
/// sends a rectangle to a convex quadrilateral with those corners, so the box holds everything inside the rectangle.
/// Boxes are clipped to the image; a character whose box is mostly (over half its area) outside is dropped.
/// </summary>
public static class PlateLabels
{
    public static List<YoloBox> Compute(PlateScene scene, int width, int height)
    {
        var boxes = new List<YoloBox>(scene.Plate.Glyphs.Count + 1);
        if (PlateBox(scene, width, height) is { } plate) boxes.Add(plate);
        foreach (var (_, box) in Characters(scene, width, height)) boxes.Add(box);
        return boxes;
    }

    /// <summary>The plate's box; null only when the plate lies wholly outside the image.</summary>
    public static YoloBox? PlateBox(PlateScene scene, int width, int height) =>
        Box(scene.PlateToImage, 0, 0, scene.Plate.Width, scene.Plate.Height, width, height, 0) is { } b
            ? ToYolo(PlateCharacterClasses.Plate, b, width, height) : null;

    /// <summary>Each labelled character's box with the index of its glyph in <see cref="PlateSurface.Glyphs"/>, in glyph order.</summary>
    public static IEnumerable<(int Glyph, YoloBox Box)> Characters(PlateScene scene, int width, int height)
    {
        var glyphs = scene.Plate.Glyphs;
        for (int i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            int cls = PlateCharacterClasses.Of(g.Character);
            if (!g.Labelled || cls < 0) continue;
            var (x0, y0, x1, y1) = PlateFont.Glyph(g.Character).InkBox(g.Width, g.Height, g.Stroke);
            if (Box(scene.PlateToImage, g.X + x0, g.Y + y0, g.X + x1, g.Y + y1, width, height, 0.5) is { } box)
                yield return (i, ToYolo(cls, box, width, height));
        }
    }

    /// <summary>The image box of plate rectangle (x0, y0)–(x1, y1), clipped; null when less than <paramref name="minInside"/> of it is inside.</summary>
    private static (double X0, double Y0, double X1, double Y1)? Box(Homography h, double x0, double y0, double x1, double y1, int width, int height, double minInside)
    {
        double u0 = double.MaxValue, v0 = double.MaxValue, u1 = double.MinValue, v1 = double.MinValue;
        foreach (var (x, y) in (ReadOnlySpan<(double, double)>)[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        {
            var (u, v) = h.Apply(x, y);
            u0 = Math.Min(u0, u); u1 = Math.Max(u1, u); v0 = Math.Min(v0, v); v1 = Math.Max(v1, v);
        }
        double area = (u1 - u0) * (v1 - v0);
        double cu0 = Math.Clamp(u0, 0, width), cu1 = Math.Clamp(u1, 0, width), cv0 = Math.Clamp(v0, 0, height), cv1 = Math.Clamp(v1, 0, height);
        double inside = (cu1 - cu0) * (cv1 - cv0);
        if (inside <= 0 || inside < minInside * area) return null;
        return (cu0, cv0, cu1, cv1);
    }

    private static YoloBox ToYolo(int cls, (double X0, double Y0, double X1, double Y1) b, int width, int height) =>
        new(cls, (b.X0 + b.X1) / 2 / width, (b.Y0 + b.Y1) / 2 / height, (b.X1 - b.X0) / width, (b.Y1 - b.Y0) / height);
}
