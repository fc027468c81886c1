using CityMesh.Simulation.Synthetic.Plates.Glyphs;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// A batch of scenes packed once into flat structure-of-arrays tables: one float row and one int row per image, and
/// shared tables of placed glyphs, bands, screws, filter taps and quantisation steps that the rows index. Both
/// renderers draw from these tables (the ILGPU one uploads them as they are), with everything that needs double
/// precision or a transcendental function (the inverse homography, angles, the condition's colour substitutions)
/// already done here. The arrays grow and are reused across batches.
/// </summary>
internal sealed class SceneTables
{
    private const int MaxMotionTaps = 65;
    private const float MaxDefocusRadius = 8;

    public float[] Floats = [];
    public int[] Ints = [];
    public float[] GlyphFloats = [];
    public int[] GlyphInts = [];
    public float[] Bands = [];
    public float[] Screws = [];
    public float[] Taps = [];
    public float[] Quant = [];
    public int Images, Glyphs, BandCount, ScrewCount, TapCount, QuantCount;

    /// <summary>Segments of every font glyph, 4 floats each (x0, y0, x1, y1), and where each character's run starts.</summary>
    public static FontTable Font { get; } = FontTable.Build();

    public void Pack(ReadOnlySpan<PlateScene> scenes)
    {
        Images = scenes.Length;
        Glyphs = BandCount = ScrewCount = TapCount = QuantCount = 0;
        Ensure(ref Floats, Images * FloatStride);
        Ensure(ref Ints, Images * IntStride);
        Array.Clear(Floats, 0, Images * FloatStride);
        for (int i = 0; i < scenes.Length; i++)
            PackScene(i, scenes[i] ?? throw new ArgumentException($"scenes[{i}] is null", nameof(scenes)));
    }

    private void PackScene(int index, PlateScene scene)
    {
        var f = Floats.AsSpan(index * FloatStride, FloatStride);
        var n = Ints.AsSpan(index * IntStride, IntStride);
        var plate = scene.Plate ?? throw Field(index, "Plate", "is null");
        var light = scene.Light ?? throw Field(index, "Light", "is null");
        var effects = scene.Effects ?? throw Field(index, "Effects", "is null");
        var background = scene.Background ?? throw Field(index, "Background", "is null");
        int condition = (light.Condition ?? "").Trim().ToLowerInvariant() switch
        {
            "day" => Day,
            "dusk" => Dusk,
            "night" => Night,
            "ir" => Infrared,
            _ => throw Field(index, "Light.Condition", $"is '{light.Condition}'; expected day, dusk, night or ir"),
        };
        bool ir = condition == Infrared;

        Homography inverse;
        try { inverse = scene.PlateToImage.Inverse(); }
        catch (InvalidOperationException e) { throw Field(index, "PlateToImage", e.Message); }
        // Scale so the largest entry is about 1: the float copy then keeps its relative precision.
        double max = Math.Max(Math.Max(Math.Max(Math.Abs(inverse.M00), Math.Abs(inverse.M01)), Math.Max(Math.Abs(inverse.M02), Math.Abs(inverse.M10))),
            Math.Max(Math.Max(Math.Abs(inverse.M11), Math.Abs(inverse.M12)), Math.Max(Math.Abs(inverse.M20), Math.Max(Math.Abs(inverse.M21), Math.Abs(inverse.M22)))));
        double s = max > 0 && double.IsFinite(max) ? 1 / max : 1;
        f[InvH + 0] = (float)(inverse.M00 * s); f[InvH + 1] = (float)(inverse.M01 * s); f[InvH + 2] = (float)(inverse.M02 * s);
        f[InvH + 3] = (float)(inverse.M10 * s); f[InvH + 4] = (float)(inverse.M11 * s); f[InvH + 5] = (float)(inverse.M12 * s);
        f[InvH + 6] = (float)(inverse.M20 * s); f[InvH + 7] = (float)(inverse.M21 * s); f[InvH + 8] = (float)(inverse.M22 * s);

        if (!(plate.Width > 0) || !(plate.Height > 0)) throw Field(index, "Plate.Width/Height", $"are {plate.Width}×{plate.Height}; both must be positive");
        f[PlateW] = plate.Width;
        f[PlateH] = plate.Height;
        f[PlateRadius] = Math.Clamp(plate.CornerRadius, 0, Math.Min(plate.Width, plate.Height) / 2);
        Put(f, PlateRgb, ir ? Grey(0.85f) : plate.Background);
        Put(f, BorderRgb, ir ? Grey(0.1f) : plate.Border);
        f[BorderWidth] = Math.Max(0, plate.BorderWidth);
        f[Dirt] = Math.Clamp(plate.Dirt, 0, 1);
        f[DirtInvScale] = plate.DirtScale > 0 ? 1 / plate.DirtScale : 0;

        Put(f, BackA, ir ? Grey(Luma(background.ColourA) * 0.6f) : background.ColourA);
        Put(f, BackB, ir ? Grey(Luma(background.ColourB) * 0.6f) : background.ColourB);
        f[BackInvScale] = background.Scale > 0 ? 1 / background.Scale : 0;

        var tint = ir ? new Rgb(1, 1, 1) : light.Tint;
        Put(f, LightRgb, new Rgb(tint.R * light.Exposure, tint.G * light.Exposure, tint.B * light.Exposure));
        f[Ambient] = Math.Clamp(light.Ambient, 0, 1);
        f[DuskFactor] = condition == Dusk ? 0.6f : 1f;
        f[GlareX] = light.GlareX;
        f[GlareY] = light.GlareY;
        f[GlareInvR2] = light.GlareRadius > 0 ? 1 / (light.GlareRadius * light.GlareRadius) : 0;
        f[GlareStrength] = light.GlareRadius > 0 ? Math.Max(0, light.GlareStrength) : 0;
        Put(f, GlareRgb, ir ? Grey(1) : new Rgb(1f, 0.95f, 0.85f));
        f[ShadowNx] = light.ShadowNormalX;
        f[ShadowNy] = light.ShadowNormalY;
        f[ShadowOffset] = light.ShadowOffset;
        f[ShadowDarkness] = Math.Clamp(light.ShadowDarkness, 0, 1);
        f[ShadowInvSoft] = 1 / Math.Max(light.ShadowSoftness, 0.25f);

        f[RainCos] = (float)Math.Cos(effects.RainAngle);
        f[RainSin] = (float)Math.Sin(effects.RainAngle);
        float rainLength = Math.Max(effects.RainLength, 1);
        // Columns 3 px wide, cells two streak lengths long: chance per cell = density per 1000 px × cell area / 1000.
        f[RainChance] = Math.Clamp(Math.Max(0, effects.RainDensity) * (3f * 2f * rainLength) / 1000f, 0, 1);
        f[RainLength] = rainLength;
        f[RainBrightness] = Math.Max(0, effects.RainBrightness);
        f[Fog] = Math.Clamp(effects.Fog, 0, 1);
        Put(f, FogRgb, ir ? Grey(Luma(effects.FogColour)) : effects.FogColour);
        f[SceneLayout.Noise] = Math.Max(0, effects.Noise);

        n[Condition] = condition;
        n[Key] = (int)PixelHash.Key(scene.Seed);
        PackGlyphs(index, plate, ir, n);
        PackBands(plate, ir, n);
        PackScrews(plate, n);
        n[MotionStart] = TapCount;
        n[MotionCount] = AddMotionTaps(effects.MotionBlurLength, effects.MotionBlurAngle);
        n[DefocusStart] = TapCount;
        n[DefocusCount] = AddDefocusTaps(effects.DefocusRadius);
        n[Quality] = effects.CompressionQuality > 0 ? Math.Min(effects.CompressionQuality, 100) : 0;
        n[QuantStart] = -1;
        if (n[Quality] > 0)
        {
            Ensure(ref Quant, (QuantCount + 1) * QuantStride);
            n[QuantStart] = QuantCount * QuantStride;
            CodecTables.Quantisation(n[Quality], Quant.AsSpan(QuantCount * QuantStride, QuantStride));
            QuantCount++;
        }
    }

    private void PackGlyphs(int index, PlateSurface plate, bool ir, Span<int> n)
    {
        var glyphs = plate.Glyphs ?? [];
        n[GlyphStart] = Glyphs;
        n[GlyphCount] = glyphs.Count;
        Ensure(ref GlyphFloats, (Glyphs + glyphs.Count) * GlyphFloatStride);
        Ensure(ref GlyphInts, (Glyphs + glyphs.Count) * GlyphIntStride);
        for (int g = 0; g < glyphs.Count; g++)
        {
            var placed = glyphs[g];
            if (!Font.Runs.TryGetValue(placed.Character, out var run))
                throw Field(index, $"Plate.Glyphs[{g}].Character", $"is '{placed.Character}', which the plate font does not draw");
            var row = GlyphFloats.AsSpan(Glyphs * GlyphFloatStride, GlyphFloatStride);
            row[0] = placed.X; row[1] = placed.Y; row[2] = placed.Width; row[3] = placed.Height;
            row[4] = Math.Max(0, placed.Stroke) / 2;
            Put(row, 5, ir ? Grey(Luma(placed.Colour) * 0.3f) : placed.Colour);
            GlyphInts[Glyphs * GlyphIntStride] = run.Start;
            GlyphInts[Glyphs * GlyphIntStride + 1] = run.Count;
            Glyphs++;
        }
    }

    private void PackBands(PlateSurface plate, bool ir, Span<int> n)
    {
        var bands = plate.Bands ?? [];
        n[BandStart] = BandCount;
        n[SceneLayout.BandCount] = bands.Count;
        Ensure(ref Bands, (BandCount + bands.Count) * BandStride);
        foreach (var band in bands)
        {
            var row = Bands.AsSpan(BandCount * BandStride, BandStride);
            row[0] = band.X; row[1] = band.Y; row[2] = band.Width; row[3] = band.Height;
            Put(row, 4, ir ? Grey(Luma(band.Colour) * 0.5f + 0.2f) : band.Colour);
            row[7] = 0;
            BandCount++;
        }
    }

    private void PackScrews(PlateSurface plate, Span<int> n)
    {
        var screws = plate.Screws ?? [];
        n[ScrewStart] = ScrewCount;
        n[SceneLayout.ScrewCount] = screws.Count;
        Ensure(ref Screws, (ScrewCount + screws.Count) * ScrewStride);
        foreach (var screw in screws)
        {
            var row = Screws.AsSpan(ScrewCount * ScrewStride, ScrewStride);
            row[0] = screw.X; row[1] = screw.Y; row[2] = Math.Max(screw.Radius, 0.01f); row[3] = 0;
            ScrewCount++;
        }
    }

    /// <summary>Equal weights along a centred line of the blur's length; one tap (the pixel itself) when shorter than a pixel.</summary>
    private int AddMotionTaps(float length, float angle)
    {
        if (!(length >= 1)) return AddTap(0, 0, 1);
        int count = Math.Min((int)MathF.Ceiling(length) + 1, MaxMotionTaps);
        double c = Math.Cos(angle), s = Math.Sin(angle), len = Math.Min(length, MaxMotionTaps - 1);
        float weight = 1f / count;
        for (int k = 0; k < count; k++)
        {
            double t = -len / 2 + len * k / (count - 1);
            AddTap((float)Math.Round(t * c), (float)Math.Round(t * s), weight);
        }
        return count;
    }

    /// <summary>Equal weights over the disc of the defocus radius (a pillbox, the circle of confusion of a thin lens).</summary>
    private int AddDefocusTaps(float radius)
    {
        if (!(radius >= 0.5f)) return AddTap(0, 0, 1);
        radius = Math.Min(radius, MaxDefocusRadius);
        int reach = (int)MathF.Ceiling(radius), count = 0;
        float r2 = radius * radius + 0.5f;
        for (int dy = -reach; dy <= reach; dy++)
            for (int dx = -reach; dx <= reach; dx++)
                if (dx * dx + dy * dy <= r2) count++;
        float weight = 1f / count;
        for (int dy = -reach; dy <= reach; dy++)
            for (int dx = -reach; dx <= reach; dx++)
                if (dx * dx + dy * dy <= r2) AddTap(dx, dy, weight);
        return count;
    }

    private int AddTap(float dx, float dy, float weight)
    {
        Ensure(ref Taps, (TapCount + 1) * TapStride);
        var row = Taps.AsSpan(TapCount * TapStride, TapStride);
        row[0] = dx; row[1] = dy; row[2] = weight; row[3] = 0;
        TapCount++;
        return 1;
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length) Array.Resize(ref array, Math.Max(length, array.Length * 2));
    }

    private static void Put(Span<float> row, int at, Rgb c)
    {
        row[at] = c.R; row[at + 1] = c.G; row[at + 2] = c.B;
    }

    private static Rgb Grey(float v) => new(v, v, v);

    private static float Luma(Rgb c) => 0.2126f * c.R + 0.7152f * c.G + 0.0722f * c.B;

    private static ArgumentException Field(int index, string field, string problem) =>
        new($"scenes[{index}].{field} {problem}", "scenes");
}

/// <summary>The font's centre-line segments packed flat, with each character's run.</summary>
internal sealed record FontTable(float[] Segments, IReadOnlyDictionary<char, (int Start, int Count)> Runs)
{
    public static FontTable Build()
    {
        var segments = new List<float>();
        var runs = new Dictionary<char, (int, int)>();
        foreach (var c in PlateFont.Characters)
        {
            var glyph = PlateFont.Glyph(c);
            runs[c] = (segments.Count / 4, glyph.Strokes.Count);
            foreach (var s in glyph.Strokes)
                segments.AddRange([s.X0, s.Y0, s.X1, s.Y1]);
        }
        return new FontTable([.. segments], runs);
    }
}
