using CityMesh.Compute.Ilgpu;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The first pass, per pixel: back-project the pixel centre onto the plate, composite background texture, plate,
/// bands, border, glyph ink, screws and dirt with antialiased coverage from signed distances over the pixel's
/// footprint, then light it. Mirrors Gpu/PlateKernels.Shade statement for statement (same operations in the same order, only
/// + − × ÷ √ floor and min/max), so on a device without fused multiply-add the two agree to the bit.
/// </summary>
internal static class PlateShader
{
    [ThreadStatic] private static float[]? _glyphScratch;

    // Per placed glyph in the scratch row: the cell test's bounds, cell origin, half stroke, ink, first segment slot, count.
    private const int GlyphLeft = 0, GlyphRight = 1, GlyphTop = 2, GlyphBottom = 3, GlyphX = 4, GlyphY = 5, GlyphHalf = 6, GlyphInk = 7;
    private const int GlyphSegments = 10, GlyphSegmentCount = 11, GlyphRow = 12;
    // Per segment: start (ax, ay), direction (dx, dy) scaled to the cell, and its squared length.
    private const int SegmentRow = 5;

    /// <summary>
    /// Shades every pixel of one image into planar linear RGB (<paramref name="planes"/>: R, G, B planes of
    /// <paramref name="plane"/> floats, rows <paramref name="stride"/> apart). Per pixel the same operations as
    /// <see cref="Shade"/> and PlateKernels.Shade; what depends only on the image (its parameters, the glyph segments scaled to
    /// their cells, the hash seeds) is read or computed once, lattice corners of the value noise are reused while
    /// neighbouring pixels share a cell, and screws too far from the pixel to cover any of it are skipped.
    /// </summary>
    public static void ShadeImage(SceneTables t, int image, int width, int height, float[] planes, int stride, int plane)
    {
        float[] f = t.Floats;
        int fo = image * FloatStride, io = image * IntStride;
        uint key = (uint)t.Ints[io + Key];
        float h0 = f[fo + InvH + 0], h1 = f[fo + InvH + 1], h2 = f[fo + InvH + 2], h3 = f[fo + InvH + 3], h4 = f[fo + InvH + 4];
        float h5 = f[fo + InvH + 5], h6 = f[fo + InvH + 6], h7 = f[fo + InvH + 7], h8 = f[fo + InvH + 8];
        float hw = f[fo + PlateW] * 0.5f, hh = f[fo + PlateH] * 0.5f, radius = f[fo + PlateRadius];
        float innerW = hw - radius, innerH = hh - radius;
        float backScale = f[fo + BackInvScale];
        float backAr = f[fo + BackA], backAg = f[fo + BackA + 1], backAb = f[fo + BackA + 2];
        float backDr = f[fo + BackB] - backAr, backDg = f[fo + BackB + 1] - backAg, backDb = f[fo + BackB + 2] - backAb;
        float plateR = f[fo + PlateRgb], plateG = f[fo + PlateRgb + 1], plateB = f[fo + PlateRgb + 2];
        float border = f[fo + BorderWidth], borderHalf = border * 0.5f;
        float borderR = f[fo + BorderRgb], borderG = f[fo + BorderRgb + 1], borderB = f[fo + BorderRgb + 2];
        float dirt = f[fo + Dirt], dirtScale = f[fo + DirtInvScale];
        int condition = t.Ints[io + Condition];
        float shadowDark = f[fo + ShadowDarkness], shadowNx = f[fo + ShadowNx], shadowNy = f[fo + ShadowNy];
        float shadowOffset = f[fo + ShadowOffset], shadowInvSoft = f[fo + ShadowInvSoft];
        float ambient = f[fo + Ambient], oneMinusAmbient = 1f - ambient, nightBase = ambient * 0.25f, dusk = f[fo + DuskFactor];
        float glareX = f[fo + GlareX], glareY = f[fo + GlareY], glareInvR2 = f[fo + GlareInvR2], glareStrength = f[fo + GlareStrength];
        float lightR = f[fo + LightRgb], lightG = f[fo + LightRgb + 1], lightB = f[fo + LightRgb + 2];
        float glareR = f[fo + GlareRgb], glareG = f[fo + GlareRgb + 1], glareB = f[fo + GlareRgb + 2];
        uint backSeed = PixelHash.Seed(key, PurposeBackground), backSeed2 = PixelHash.Seed(key, PurposeBackground + 16u);
        uint dirtSeed = PixelHash.Seed(key, PurposeDirt), dirtSeed2 = PixelHash.Seed(key, PurposeDirt + 16u);
        var back1 = new NoiseCell(); var back2 = new NoiseCell(); var dirt1 = new NoiseCell(); var dirt2 = new NoiseCell();

        int bandStart = t.Ints[io + BandStart], bandEnd = bandStart + t.Ints[io + BandCount];
        int screwStart = t.Ints[io + ScrewStart], screwEnd = screwStart + t.Ints[io + ScrewCount];
        int glyphs = t.Ints[io + GlyphCount];
        var glyph = PrepareGlyphs(t, t.Ints[io + GlyphStart], glyphs);
        float[] bands = t.Bands, screws = t.Screws;

        for (int py = 0; py < height; py++)
        {
            float v = py + 0.5f;
            int row = py * stride;
            for (int px = 0; px < width; px++)
            {
                float u = px + 0.5f;
                float w = h6 * u + h7 * v + h8;
                float x = (h0 * u + h1 * v + h2) / w;
                float y = (h3 * u + h4 * v + h5) / w;
                float jxu = (h0 - x * h6) / w;
                float jxv = (h1 - x * h7) / w;
                float jyu = (h3 - y * h6) / w;
                float jyv = (h4 - y * h7) / w;
                float footprint = MathF.Max(MathF.Sqrt(MathF.Abs(jxu * jyv - jxv * jyu)), 1e-6f);
                float inv = 1f / footprint;

                float qx = MathF.Abs(x - hw) - innerW, qy = MathF.Abs(y - hh) - innerH;
                float ox = MathF.Max(qx, 0f), oy = MathF.Max(qy, 0f);
                float sdf = MathF.Sqrt(ox * ox + oy * oy) + MathF.Min(MathF.Max(qx, qy), 0f) - radius;
                float alpha = Coverage(sdf, inv);

                float br = 0f, bg = 0f, bb = 0f;
                if (alpha < 1f)
                {
                    float noise = PixelHash.Fbm(backSeed, backSeed2, u * backScale, v * backScale, ref back1, ref back2);
                    br = backAr + backDr * noise;
                    bg = backAg + backDg * noise;
                    bb = backAb + backDb * noise;
                }

                if (alpha > 0f)
                {
                    float cr = plateR, cg = plateG, cb = plateB;
                    for (int k = bandStart; k < bandEnd; k++)
                    {
                        int o = k * BandStride;
                        float bw = bands[o + 2] * 0.5f, bh = bands[o + 3] * 0.5f;
                        float d = MathF.Max(MathF.Abs(x - (bands[o] + bw)) - bw, MathF.Abs(y - (bands[o + 1] + bh)) - bh);
                        float c = Coverage(d, inv);
                        cr = cr + (bands[o + 4] - cr) * c;
                        cg = cg + (bands[o + 5] - cg) * c;
                        cb = cb + (bands[o + 6] - cb) * c;
                    }
                    if (border > 0f)
                    {
                        float c = Coverage(MathF.Abs(sdf + border) - borderHalf, inv);
                        cr = cr + (borderR - cr) * c;
                        cg = cg + (borderG - cg) * c;
                        cb = cb + (borderB - cb) * c;
                    }
                    for (int k = 0; k < glyphs; k++)
                    {
                        int o = k * GlyphRow;
                        if (x < glyph[o + GlyphLeft] || x > glyph[o + GlyphRight] || y < glyph[o + GlyphTop] || y > glyph[o + GlyphBottom]) continue;
                        float lx = x - glyph[o + GlyphX], ly = y - glyph[o + GlyphY], nearest2 = float.PositiveInfinity;
                        int s0 = (int)glyph[o + GlyphSegments], s1 = s0 + (int)glyph[o + GlyphSegmentCount] * SegmentRow;
                        // min over √ of the squared distances equals √ of their min (√ is monotonic and correctly rounded).
                        for (int s = s0; s < s1; s += SegmentRow)
                        {
                            float dx = glyph[s + 2], dy = glyph[s + 3], len2 = glyph[s + 4];
                            float px0 = lx - glyph[s], py0 = ly - glyph[s + 1];
                            float h = len2 > 0f ? KernelMath.Clamp((px0 * dx + py0 * dy) / len2, 0f, 1f) : 0f;
                            float ex = px0 - dx * h, ey = py0 - dy * h;
                            nearest2 = MathF.Min(nearest2, ex * ex + ey * ey);
                        }
                        float nearest = MathF.Min(1e30f, MathF.Sqrt(nearest2));
                        float c = Coverage(nearest - glyph[o + GlyphHalf], inv);
                        cr = cr + (glyph[o + GlyphInk] - cr) * c;
                        cg = cg + (glyph[o + GlyphInk + 1] - cg) * c;
                        cb = cb + (glyph[o + GlyphInk + 2] - cb) * c;
                    }
                    for (int k = screwStart; k < screwEnd; k++)
                    {
                        int o = k * ScrewStride;
                        float dx = x - screws[o], dy = y - screws[o + 1], sr = screws[o + 2];
                        float d2 = dx * dx + dy * dy;
                        // Beyond radius + a footprint (with room for rounding) the coverage is exactly 0 and the blend the identity.
                        float reach = sr * 1.001f + footprint;
                        if (d2 > reach * reach) continue;
                        float c = Coverage(MathF.Sqrt(d2) - sr, inv);
                        float shade = KernelMath.Clamp(0.55f - 0.3f * (dx + dy) / (sr * 1.5f), 0.15f, 0.95f);
                        cr = cr + (shade - cr) * c;
                        cg = cg + (shade - cg) * c;
                        cb = cb + (shade - cb) * c;
                    }
                    if (dirt > 0f)
                    {
                        float n = PixelHash.Fbm(dirtSeed, dirtSeed2, x * dirtScale, y * dirtScale, ref dirt1, ref dirt2);
                        float amount = KernelMath.Clamp((n - 0.35f) * 2f, 0f, 1f) * dirt;
                        cr = cr + (0.22f - cr) * amount;
                        cg = cg + (0.19f - cg) * amount;
                        cb = cb + (0.15f - cb) * amount;
                    }
                    if (alpha < 1f)
                    {
                        cr = br + (cr - br) * alpha;
                        cg = bg + (cg - bg) * alpha;
                        cb = bb + (cb - bb) * alpha;
                    }
                    br = cr; bg = cg; bb = cb;
                }

                if (condition == Infrared)
                {
                    float l = 0.3f * br + 0.59f * bg + 0.11f * bb;
                    br = l; bg = l; bb = l;
                }
                float shadow = shadowDark * KernelMath.Clamp((shadowNx * u + shadowNy * v - shadowOffset) * shadowInvSoft + 0.5f, 0f, 1f);
                float lit = 1f - shadow * oneMinusAmbient;
                float gdx = u - glareX, gdy = v - glareY;
                float d2g = (gdx * gdx + gdy * gdy) * glareInvR2;
                float illum;
                if (condition == Night)
                    illum = lit * (nightBase + alpha * (0.3f + 0.7f / (1f + d2g * 0.0625f)));
                else if (condition == Infrared)
                    illum = lit * (0.3f + alpha * 0.7f);
                else
                    illum = lit * dusk;
                float glare = 1f / (1f + d2g);
                glare = glare * glare * glareStrength;
                int at = row + px;
                planes[at] = br * illum * lightR + glare * glareR;
                planes[plane + at] = bg * illum * lightG + glare * glareG;
                planes[2 * plane + at] = bb * illum * lightB + glare * glareB;
            }
        }
    }

    /// <summary>The image's placed glyphs with their segments scaled to the cell, as the per-pixel loop computes them.</summary>
    private static float[] PrepareGlyphs(SceneTables t, int first, int count)
    {
        float[] segments = SceneTables.Font.Segments;
        int needed = count * GlyphRow;
        for (int k = first; k < first + count; k++) needed += t.GlyphInts[k * GlyphIntStride + 1] * SegmentRow;
        var scratch = _glyphScratch is { } existing && existing.Length >= needed ? existing : _glyphScratch = new float[Math.Max(needed, 1024)];
        int next = count * GlyphRow;
        for (int j = 0; j < count; j++)
        {
            int k = first + j, o = k * GlyphFloatStride, r = j * GlyphRow;
            float gx = t.GlyphFloats[o], gy = t.GlyphFloats[o + 1], gw = t.GlyphFloats[o + 2], gh = t.GlyphFloats[o + 3];
            float hs = t.GlyphFloats[o + 4];
            scratch[r + GlyphLeft] = gx - hs; scratch[r + GlyphRight] = gx + gw + hs;
            scratch[r + GlyphTop] = gy - hs; scratch[r + GlyphBottom] = gy + gh + hs;
            scratch[r + GlyphX] = gx; scratch[r + GlyphY] = gy; scratch[r + GlyphHalf] = hs;
            scratch[r + GlyphInk] = t.GlyphFloats[o + 5]; scratch[r + GlyphInk + 1] = t.GlyphFloats[o + 6]; scratch[r + GlyphInk + 2] = t.GlyphFloats[o + 7];
            int s0 = t.GlyphInts[k * GlyphIntStride], n = t.GlyphInts[k * GlyphIntStride + 1];
            scratch[r + GlyphSegments] = next; scratch[r + GlyphSegmentCount] = n;
            for (int s = s0; s < s0 + n; s++, next += SegmentRow)
            {
                float ax = segments[s * 4] * gw, ay = segments[s * 4 + 1] * gh;
                float dx = segments[s * 4 + 2] * gw - ax, dy = segments[s * 4 + 3] * gh - ay;
                scratch[next] = ax; scratch[next + 1] = ay; scratch[next + 2] = dx; scratch[next + 3] = dy;
                scratch[next + 4] = dx * dx + dy * dy;
            }
        }
        return scratch;
    }

    /// <summary>The reference form, one pixel at a time: ShadeImage must give the same bits (ShaderReferenceTests checks every pixel).</summary>
    public static void Shade(SceneTables t, int image, int px, int py, out float r, out float g, out float b)
    {
        float[] f = t.Floats;
        int fo = image * FloatStride, io = image * IntStride;
        uint key = (uint)t.Ints[io + Key];
        float u = px + 0.5f, v = py + 0.5f;

        // Plate coordinates and the pixel's footprint in mm (the Jacobian's area scale).
        float w = f[fo + InvH + 6] * u + f[fo + InvH + 7] * v + f[fo + InvH + 8];
        float x = (f[fo + InvH + 0] * u + f[fo + InvH + 1] * v + f[fo + InvH + 2]) / w;
        float y = (f[fo + InvH + 3] * u + f[fo + InvH + 4] * v + f[fo + InvH + 5]) / w;
        float jxu = (f[fo + InvH + 0] - x * f[fo + InvH + 6]) / w;
        float jxv = (f[fo + InvH + 1] - x * f[fo + InvH + 7]) / w;
        float jyu = (f[fo + InvH + 3] - y * f[fo + InvH + 6]) / w;
        float jyv = (f[fo + InvH + 4] - y * f[fo + InvH + 7]) / w;
        float footprint = MathF.Max(MathF.Sqrt(MathF.Abs(jxu * jyv - jxv * jyu)), 1e-6f);
        float inv = 1f / footprint;

        float hw = f[fo + PlateW] * 0.5f, hh = f[fo + PlateH] * 0.5f, radius = f[fo + PlateRadius];
        float qx = MathF.Abs(x - hw) - (hw - radius), qy = MathF.Abs(y - hh) - (hh - radius);
        float ox = MathF.Max(qx, 0f), oy = MathF.Max(qy, 0f);
        float sdf = MathF.Sqrt(ox * ox + oy * oy) + MathF.Min(MathF.Max(qx, qy), 0f) - radius;
        float alpha = Coverage(sdf, inv);

        // The background texture only where the plate does not cover the whole pixel (alpha 1 takes the plate as is).
        float br = 0f, bg = 0f, bb = 0f;
        if (alpha < 1f)
        {
            float noise = PixelHash.Fbm(key, u * f[fo + BackInvScale], v * f[fo + BackInvScale], PurposeBackground);
            br = f[fo + BackA] + (f[fo + BackB] - f[fo + BackA]) * noise;
            bg = f[fo + BackA + 1] + (f[fo + BackB + 1] - f[fo + BackA + 1]) * noise;
            bb = f[fo + BackA + 2] + (f[fo + BackB + 2] - f[fo + BackA + 2]) * noise;
        }

        if (alpha > 0f)
        {
            float cr = f[fo + PlateRgb], cg = f[fo + PlateRgb + 1], cb = f[fo + PlateRgb + 2];
            int bandEnd = t.Ints[io + BandStart] + t.Ints[io + BandCount];
            for (int k = t.Ints[io + BandStart]; k < bandEnd; k++)
            {
                int o = k * BandStride;
                float bw = t.Bands[o + 2] * 0.5f, bh = t.Bands[o + 3] * 0.5f;
                float d = MathF.Max(MathF.Abs(x - (t.Bands[o] + bw)) - bw, MathF.Abs(y - (t.Bands[o + 1] + bh)) - bh);
                float c = Coverage(d, inv);
                cr = cr + (t.Bands[o + 4] - cr) * c;
                cg = cg + (t.Bands[o + 5] - cg) * c;
                cb = cb + (t.Bands[o + 6] - cb) * c;
            }
            float border = f[fo + BorderWidth];
            if (border > 0f)
            {
                float c = Coverage(MathF.Abs(sdf + border) - border * 0.5f, inv);
                cr = cr + (f[fo + BorderRgb] - cr) * c;
                cg = cg + (f[fo + BorderRgb + 1] - cg) * c;
                cb = cb + (f[fo + BorderRgb + 2] - cb) * c;
            }
            int glyphEnd = t.Ints[io + GlyphStart] + t.Ints[io + GlyphCount];
            float[] segments = SceneTables.Font.Segments;
            for (int k = t.Ints[io + GlyphStart]; k < glyphEnd; k++)
            {
                int o = k * GlyphFloatStride;
                float gx = t.GlyphFloats[o], gy = t.GlyphFloats[o + 1], gw = t.GlyphFloats[o + 2], gh = t.GlyphFloats[o + 3];
                float hs = t.GlyphFloats[o + 4];
                if (x < gx - hs || x > gx + gw + hs || y < gy - hs || y > gy + gh + hs) continue;
                float lx = x - gx, ly = y - gy, nearest = 1e30f;
                int s0 = t.GlyphInts[k * GlyphIntStride], s1 = s0 + t.GlyphInts[k * GlyphIntStride + 1];
                for (int s = s0; s < s1; s++)
                {
                    float ax = segments[s * 4] * gw, ay = segments[s * 4 + 1] * gh;
                    float dx = segments[s * 4 + 2] * gw - ax, dy = segments[s * 4 + 3] * gh - ay;
                    float px0 = lx - ax, py0 = ly - ay;
                    float len2 = dx * dx + dy * dy;
                    float h = len2 > 0f ? KernelMath.Clamp((px0 * dx + py0 * dy) / len2, 0f, 1f) : 0f;
                    float ex = px0 - dx * h, ey = py0 - dy * h;
                    nearest = MathF.Min(nearest, MathF.Sqrt(ex * ex + ey * ey));
                }
                float c = Coverage(nearest - hs, inv);
                cr = cr + (t.GlyphFloats[o + 5] - cr) * c;
                cg = cg + (t.GlyphFloats[o + 6] - cg) * c;
                cb = cb + (t.GlyphFloats[o + 7] - cb) * c;
            }
            int screwEnd = t.Ints[io + ScrewStart] + t.Ints[io + ScrewCount];
            for (int k = t.Ints[io + ScrewStart]; k < screwEnd; k++)
            {
                int o = k * ScrewStride;
                float dx = x - t.Screws[o], dy = y - t.Screws[o + 1], sr = t.Screws[o + 2];
                float c = Coverage(MathF.Sqrt(dx * dx + dy * dy) - sr, inv);
                // A domed metal head: lit from the top left, darker toward the bottom right.
                float shade = KernelMath.Clamp(0.55f - 0.3f * (dx + dy) / (sr * 1.5f), 0.15f, 0.95f);
                cr = cr + (shade - cr) * c;
                cg = cg + (shade - cg) * c;
                cb = cb + (shade - cb) * c;
            }
            float dirt = f[fo + Dirt];
            if (dirt > 0f)
            {
                float n = PixelHash.Fbm(key, x * f[fo + DirtInvScale], y * f[fo + DirtInvScale], PurposeDirt);
                float amount = KernelMath.Clamp((n - 0.35f) * 2f, 0f, 1f) * dirt;
                cr = cr + (0.22f - cr) * amount;
                cg = cg + (0.19f - cg) * amount;
                cb = cb + (0.15f - cb) * amount;
            }
            if (alpha < 1f)
            {
                cr = br + (cr - br) * alpha;
                cg = bg + (cg - bg) * alpha;
                cb = bb + (cb - bb) * alpha;
            }
            br = cr; bg = cg; bb = cb;
        }

        int condition = t.Ints[io + Condition];
        if (condition == Infrared)
        {
            float l = 0.3f * br + 0.59f * bg + 0.11f * bb;
            br = l; bg = l; bb = l;
        }
        float shadow = f[fo + ShadowDarkness] * KernelMath.Clamp((f[fo + ShadowNx] * u + f[fo + ShadowNy] * v - f[fo + ShadowOffset]) * f[fo + ShadowInvSoft] + 0.5f, 0f, 1f);
        float lit = 1f - shadow * (1f - f[fo + Ambient]);
        float gdx = u - f[fo + GlareX], gdy = v - f[fo + GlareY];
        float d2 = (gdx * gdx + gdy * gdy) * f[fo + GlareInvR2];
        float illum;
        if (condition == Night)
            illum = lit * (f[fo + Ambient] * 0.25f + alpha * (0.3f + 0.7f / (1f + d2 * 0.0625f)));
        else if (condition == Infrared)
            illum = lit * (0.3f + alpha * 0.7f);
        else
            illum = lit * f[fo + DuskFactor];
        float glare = 1f / (1f + d2);
        glare = glare * glare * f[fo + GlareStrength];
        r = br * illum * f[fo + LightRgb] + glare * f[fo + GlareRgb];
        g = bg * illum * f[fo + LightRgb + 1] + glare * f[fo + GlareRgb + 1];
        b = bb * illum * f[fo + LightRgb + 2] + glare * f[fo + GlareRgb + 2];
    }

    /// <summary>Share of a pixel covered by the inside (distance ≤ 0) of a signed distance, over a footprint of 1/inv mm.</summary>
    public static float Coverage(float distance, float inv) => KernelMath.Clamp(0.5f - distance * inv, 0f, 1f);
}
