namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// Everything one plate image is drawn from, fully sampled: the plate as laid out (millimetres, origin at the plate's
/// top-left corner, y down), the camera as a homography, and the scene's light and degradations. The sampler makes
/// it from the options and a seed; the renderers (managed and ILGPU) draw it; the labels are computed from it. It is
/// written to the manifest, so an image can be redrawn from its line alone.
/// </summary>
public sealed record PlateScene
{
    /// <summary>Seeds the per-pixel randomness (dirt, background texture, rain, sensor noise) through a counter hash.</summary>
    public required ulong Seed { get; init; }

    public required PlateSurface Plate { get; init; }

    /// <summary>Plate millimetres to image pixels (pixel centres at +0.5), row-major 3×3, for homogeneous (x, y, 1).</summary>
    public required Homography PlateToImage { get; init; }

    public required SceneLight Light { get; init; }
    public required SceneEffects Effects { get; init; }

    /// <summary>The procedural background patch around the plate (image pixels).</summary>
    public required BackgroundPatch Background { get; init; }
}

/// <summary>A linear RGB colour, channels 0–1.</summary>
public readonly record struct Rgb(float R, float G, float B);

/// <summary>The plate itself, in millimetres.</summary>
public sealed record PlateSurface
{
    public required float Width { get; init; }
    public required float Height { get; init; }
    public required float CornerRadius { get; init; }
    public required Rgb Background { get; init; }
    public required Rgb Border { get; init; }
    /// <summary>Width of the border line inset from the edge; 0: no border.</summary>
    public required float BorderWidth { get; init; }

    /// <summary>Coloured areas painted over the background (an EU band, a region strip).</summary>
    public IReadOnlyList<PlateBand> Bands { get; init; } = [];
    public IReadOnlyList<PlacedGlyph> Glyphs { get; init; } = [];
    public IReadOnlyList<Screw> Screws { get; init; } = [];

    /// <summary>Grime over the plate, 0 (clean) to 1; <see cref="DirtScale"/> is its blotch size in millimetres.</summary>
    public float Dirt { get; init; }
    public float DirtScale { get; init; } = 20;
}

public readonly record struct PlateBand(float X, float Y, float Width, float Height, Rgb Colour);

/// <summary>
/// A character drawn in the cell (<see cref="X"/>, <see cref="Y"/>, <see cref="Width"/>, <see cref="Height"/>) mm with
/// strokes <see cref="Stroke"/> mm wide. <see cref="Labelled"/> is false for decoration (an EU band's country code),
/// which is drawn but gets no box.
/// </summary>
public readonly record struct PlacedGlyph(char Character, float X, float Y, float Width, float Height, float Stroke, Rgb Colour, bool Labelled = true);

/// <summary>A screw head at (<see cref="X"/>, <see cref="Y"/>) mm.</summary>
public readonly record struct Screw(float X, float Y, float Radius);

/// <summary>A projective map, row-major: (u, v, w) = M · (x, y, 1), point (u / w, v / w).</summary>
public readonly record struct Homography(double M00, double M01, double M02, double M10, double M11, double M12, double M20, double M21, double M22)
{
    public (double X, double Y) Apply(double x, double y)
    {
        double w = M20 * x + M21 * y + M22;
        return ((M00 * x + M01 * y + M02) / w, (M10 * x + M11 * y + M12) / w);
    }

    public Homography Inverse()
    {
        double a = M11 * M22 - M12 * M21, b = M12 * M20 - M10 * M22, c = M10 * M21 - M11 * M20;
        double det = M00 * a + M01 * b + M02 * c;
        if (Math.Abs(det) < 1e-300) throw new InvalidOperationException("the homography is singular");
        double s = 1 / det;
        return new(a * s, (M02 * M21 - M01 * M22) * s, (M01 * M12 - M02 * M11) * s,
                   b * s, (M00 * M22 - M02 * M20) * s, (M02 * M10 - M00 * M12) * s,
                   c * s, (M01 * M20 - M00 * M21) * s, (M00 * M11 - M01 * M10) * s);
    }
}

/// <summary>Illumination: the lighting condition, exposure, tint, a headlight glare spot and a cast shadow.</summary>
public sealed record SceneLight
{
    /// <summary>"day", "dusk", "night" or "ir" (infrared: grey image, retro-reflective plate bright).</summary>
    public required string Condition { get; init; }
    /// <summary>Multiplies the lit scene before the sensor; 1 is a correct exposure.</summary>
    public required float Exposure { get; init; }
    public required Rgb Tint { get; init; }
    /// <summary>Ambient share of the light in the shadow and at night (0–1).</summary>
    public required float Ambient { get; init; }

    /// <summary>Glare centre and radius in image pixels; strength 0: none.</summary>
    public float GlareX { get; init; }
    public float GlareY { get; init; }
    public float GlareRadius { get; init; }
    public float GlareStrength { get; init; }

    /// <summary>
    /// A shadow edge in image pixels: pixels with NormalX·x + NormalY·y &gt; Offset are shaded by
    /// <see cref="ShadowDarkness"/> (0: none), across a penumbra <see cref="ShadowSoftness"/> pixels wide.
    /// </summary>
    public float ShadowNormalX { get; init; }
    public float ShadowNormalY { get; init; }
    public float ShadowOffset { get; init; }
    public float ShadowDarkness { get; init; }
    public float ShadowSoftness { get; init; } = 2;
}

/// <summary>The camera's and weather's degradations, in image pixels where they have a size.</summary>
public sealed record SceneEffects
{
    public float MotionBlurLength { get; init; }
    /// <summary>Radians, 0 along +x.</summary>
    public float MotionBlurAngle { get; init; }
    public float DefocusRadius { get; init; }

    /// <summary>Rain streaks per 1000 pixels; 0: dry.</summary>
    public float RainDensity { get; init; }
    public float RainLength { get; init; } = 12;
    /// <summary>Radians from +x, like <see cref="MotionBlurAngle"/>: π/2 falls straight down the image.</summary>
    public float RainAngle { get; init; }
    public float RainBrightness { get; init; } = 0.3f;

    /// <summary>Fog blend toward <see cref="FogColour"/>, 0 (clear) to 1 (opaque).</summary>
    public float Fog { get; init; }
    public Rgb FogColour { get; init; } = new(0.7f, 0.72f, 0.75f);

    /// <summary>Sensor noise standard deviation as a fraction of full scale.</summary>
    public float Noise { get; init; }
    /// <summary>JPEG-like quality 1–100 for block compression artefacts; 0: none.</summary>
    public int CompressionQuality { get; init; }
}

/// <summary>A procedural texture (road, bumper, paint) filling what the plate does not cover.</summary>
public sealed record BackgroundPatch
{
    public required Rgb ColourA { get; init; }
    public required Rgb ColourB { get; init; }
    /// <summary>Feature size in pixels.</summary>
    public required float Scale { get; init; }
}
