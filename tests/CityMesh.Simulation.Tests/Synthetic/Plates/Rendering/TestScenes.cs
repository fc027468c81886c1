using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Rendering;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>Hand-made scenes at 320×96: a 520×110 mm plate reading "AB-1I8·O0", scaled by 0.5 px/mm and centred.</summary>
internal static class TestScenes
{
    public const int Width = 320, Height = 96;
    public const float Scale = 0.5f, OffsetX = 30, OffsetY = 20.5f;

    public static readonly Rgb PlateWhite = new(0.9f, 0.9f, 0.9f), Ink = new(0.02f, 0.02f, 0.02f);

    /// <summary>Cells 40 mm wide, 80 mm tall, every 50 mm from x = 45, top at y = 15; strokes 9 mm.</summary>
    public static PlacedGlyph Cell(int i, char c) => new(c, 45 + 50 * i, 15, 40, 80, 9, Ink);

    public static PlateScene Basic(ulong seed = 7) => new()
    {
        Seed = seed,
        Plate = new PlateSurface
        {
            Width = 520, Height = 110, CornerRadius = 6, Background = PlateWhite, Border = Ink, BorderWidth = 2,
            Bands = [new PlateBand(0, 0, 36, 110, new Rgb(0.0f, 0.1f, 0.6f))],
            Glyphs = [.. "AB-1I8·O0".Select((c, i) => Cell(i, c))],
            Screws = [new Screw(130, 8, 3), new Screw(390, 8, 3)],
        },
        PlateToImage = new Homography(Scale, 0, OffsetX, 0, Scale, OffsetY, 0, 0, 1),
        Light = new SceneLight { Condition = "day", Exposure = 1, Tint = new Rgb(1, 1, 1), Ambient = 0.3f },
        Effects = new SceneEffects(),
        Background = new BackgroundPatch { ColourA = new Rgb(0.2f, 0.22f, 0.25f), ColourB = new Rgb(0.35f, 0.3f, 0.25f), Scale = 12 },
    };

    /// <summary>Image pixel (column, row) whose centre shows plate point (x, y) mm under <see cref="Basic"/>'s homography.</summary>
    public static (int X, int Y) Pixel(float x, float y) => ((int)(x * Scale + OffsetX), (int)(y * Scale + OffsetY));

    /// <summary>
    /// Scenes covering every condition and effect with perspective cameras, drawn from <paramref name="index"/>: the
    /// first 8 switch one effect on each, the rest mix them at random.
    /// </summary>
    public static PlateScene Varied(int index)
    {
        var random = new Random(1000 + index);
        float F(double lo, double hi) => (float)(lo + (hi - lo) * random.NextDouble());
        bool mixed = index >= 8;
        bool On(int k) => mixed ? random.NextDouble() < 0.5 : index == k;
        string[] conditions = ["day", "dusk", "night", "ir"];
        double s = F(0.4, 0.58), theta = F(-0.15, 0.15), gx = F(-6e-4, 6e-4), gy = F(-1e-3, 1e-3);
        double a = s * Math.Cos(theta), b = -s * Math.Sin(theta), c = s * Math.Sin(theta), d = s * Math.Cos(theta);
        double cx = 160 + F(-20, 20), cy = 48 + F(-8, 8);
        // Numerators chosen so the plate centre (260, 55) lands at (cx, cy) with w = 1 there.
        double tx = cx - a * 260 - b * 55, ty = cy - c * 260 - d * 55;
        var basic = Basic((ulong)(index * 7919 + 3));
        return basic with
        {
            Plate = basic.Plate with
            {
                Background = new Rgb(F(0.7, 0.95), F(0.7, 0.95), F(0.2, 0.95)),
                Dirt = On(0) ? F(0.3, 0.9) : 0,
                DirtScale = F(10, 30),
            },
            PlateToImage = new Homography(a, b, tx, c, d, ty, gx, gy, 1 - gx * 260 - gy * 55),
            Light = new SceneLight
            {
                Condition = conditions[index % 4],
                Exposure = F(0.7, 1.3),
                Tint = new Rgb(F(0.85, 1.1), F(0.85, 1.1), F(0.85, 1.1)),
                Ambient = F(0.2, 0.6),
                GlareX = F(0, 320), GlareY = F(0, 96), GlareRadius = F(8, 40), GlareStrength = On(1) ? F(0.5, 3) : 0,
                ShadowNormalX = F(-1, 1), ShadowNormalY = 1, ShadowOffset = F(20, 120), ShadowDarkness = On(2) ? F(0.3, 0.8) : 0,
                ShadowSoftness = F(1, 6),
            },
            Effects = new SceneEffects
            {
                MotionBlurLength = On(3) ? F(2, 12) : 0, MotionBlurAngle = F(0, 3.14),
                DefocusRadius = On(4) ? F(0.8, 3) : 0,
                RainDensity = On(5) ? F(1, 6) : 0, RainLength = F(6, 20), RainAngle = F(1.2, 1.9), RainBrightness = F(0.1, 0.4),
                Fog = On(6) ? F(0.1, 0.7) : 0,
                Noise = On(7) || mixed ? F(0.005, 0.04) : 0,
                CompressionQuality = mixed && random.NextDouble() < 0.6 || index == 7 ? random.Next(10, 95) : 0,
            },
            Background = new BackgroundPatch { ColourA = new Rgb(F(0, 0.5), F(0, 0.5), F(0, 0.5)), ColourB = new Rgb(F(0, 0.5), F(0, 0.5), F(0, 0.5)), Scale = F(4, 30) },
        };
    }

    public static byte[] Render(IPlateRenderer renderer, params PlateScene[] scenes)
    {
        var rgb = new byte[scenes.Length * Width * Height * 3];
        renderer.Render(scenes, Width, Height, rgb);
        return rgb;
    }

    public static IPlateRenderer Managed() => new ManagedPlateRenderer();
}
