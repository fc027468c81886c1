using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The first pass, per pixel: back-project the pixel centre onto the plate, composite background texture, plate,
/// bands, border, glyph ink, screws and dirt with antialiased coverage from signed distances over the pixel's
/// footprint, then light it. Mirrors plates.cl statement for statement (same operations in the same order, only
/// + − × ÷ √ floor and min/max), so on a device without fused multiply-add the two agree to the bit.
/// </summary>
internal static class PlateShader
{
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
                    float h = len2 > 0f ? Math.Clamp((px0 * dx + py0 * dy) / len2, 0f, 1f) : 0f;
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
                float shade = Math.Clamp(0.55f - 0.3f * (dx + dy) / (sr * 1.5f), 0.15f, 0.95f);
                cr = cr + (shade - cr) * c;
                cg = cg + (shade - cg) * c;
                cb = cb + (shade - cb) * c;
            }
            float dirt = f[fo + Dirt];
            if (dirt > 0f)
            {
                float n = PixelHash.Fbm(key, x * f[fo + DirtInvScale], y * f[fo + DirtInvScale], PurposeDirt);
                float amount = Math.Clamp((n - 0.35f) * 2f, 0f, 1f) * dirt;
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
        float shadow = f[fo + ShadowDarkness] * Math.Clamp((f[fo + ShadowNx] * u + f[fo + ShadowNy] * v - f[fo + ShadowOffset]) * f[fo + ShadowInvSoft] + 0.5f, 0f, 1f);
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
    public static float Coverage(float distance, float inv) => Math.Clamp(0.5f - distance * inv, 0f, 1f);
}
