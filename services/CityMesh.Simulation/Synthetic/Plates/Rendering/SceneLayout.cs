namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// Slots of the packed per-image parameter rows (<see cref="SceneTables"/>). The managed renderer and the ILGPU kernels
/// both index with these constants, so the two cannot drift apart.
/// </summary>
internal static class SceneLayout
{
    // Float row, one per image.
    public const int InvH = 0;              // 9: image px -> plate mm, row-major
    public const int PlateW = 9, PlateH = 10, PlateRadius = 11;
    public const int PlateRgb = 12;         // 3
    public const int BorderRgb = 15;        // 3
    public const int BorderWidth = 18;
    public const int Dirt = 19, DirtInvScale = 20;
    public const int BackA = 21, BackB = 24; // 3 each
    public const int BackInvScale = 27;
    public const int LightRgb = 28;         // 3: tint times exposure
    public const int Ambient = 31, DuskFactor = 32;
    public const int GlareX = 33, GlareY = 34, GlareInvR2 = 35, GlareStrength = 36;
    public const int GlareRgb = 37;         // 3
    public const int ShadowNx = 40, ShadowNy = 41, ShadowOffset = 42, ShadowDarkness = 43, ShadowInvSoft = 44;
    public const int RainCos = 45, RainSin = 46, RainChance = 47, RainLength = 48, RainBrightness = 49;
    public const int Fog = 50, FogRgb = 51; // 3
    public const int Noise = 54;
    public const int FloatStride = 56;

    // Int row, one per image.
    public const int GlyphStart = 0, GlyphCount = 1, BandStart = 2, BandCount = 3, ScrewStart = 4, ScrewCount = 5;
    public const int MotionStart = 6, MotionCount = 7, DefocusStart = 8, DefocusCount = 9;
    public const int Condition = 10, Quality = 11, Key = 12, QuantStart = 13;
    public const int IntStride = 16;

    // Conditions.
    public const int Day = 0, Dusk = 1, Night = 2, Infrared = 3;

    // Placed glyph row (floats): cell x, y, w, h, half stroke, ink rgb; ints: first segment, segment count.
    public const int GlyphFloatStride = 8, GlyphIntStride = 2;
    public const int BandStride = 8;        // x, y, w, h, rgb, pad
    public const int ScrewStride = 4;       // x, y, r, pad
    public const int TapStride = 4;         // dx, dy, weight, pad
    public const int QuantStride = 128;     // 64 luma then 64 chroma steps, natural (row-major) order

    // Hash purposes (streams of the counter hash).
    public const uint PurposeBackground = 1, PurposeDirt = 2, PurposeRain = 3, PurposeNoise = 4;
}
