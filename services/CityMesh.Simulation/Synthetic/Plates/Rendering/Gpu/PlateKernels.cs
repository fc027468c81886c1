using CityMesh.Compute.Ilgpu;
using ILGPU;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;

/// <summary>
/// The plate passes as ILGPU static methods, one thread per pixel (or DCT coefficient) of every image in the batch,
/// statement for statement as <see cref="PlateShader.Shade"/>, <see cref="ImagePasses"/> and the managed renderer. The
/// hash, value noise, coverage, noise and quantisation are the managed methods themselves (<see cref="PixelHash"/>,
/// <see cref="PlateShader.Coverage"/>, <see cref="ImagePasses"/>), compiled for the device by ILGPU.
/// </summary>
internal static class PlateKernels
{
    /// <summary>Shading: back-projection, background, plate, bands, border, glyphs, screws, dirt, light, into linear RGB planes.</summary>
    public static void Shade(Index1D index, PlateViews t, ArrayView<float> planes)
    {
        int gid = index;
        int perImage = t.Width * t.Height;
        int image = gid / perImage, pix = gid - image * perImage;
        int px = pix % t.Width, py = pix / t.Width;
        var f = t.Floats;
        int fo = image * FloatStride, io = image * IntStride;
        uint key = (uint)t.Ints[io + Key];
        float u = px + 0.5f, v = py + 0.5f;

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
        float alpha = PlateShader.Coverage(sdf, inv);

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
                float c = PlateShader.Coverage(d, inv);
                cr = cr + (t.Bands[o + 4] - cr) * c;
                cg = cg + (t.Bands[o + 5] - cg) * c;
                cb = cb + (t.Bands[o + 6] - cb) * c;
            }
            float border = f[fo + BorderWidth];
            if (border > 0f)
            {
                float c = PlateShader.Coverage(MathF.Abs(sdf + border) - border * 0.5f, inv);
                cr = cr + (f[fo + BorderRgb] - cr) * c;
                cg = cg + (f[fo + BorderRgb + 1] - cg) * c;
                cb = cb + (f[fo + BorderRgb + 2] - cb) * c;
            }
            int glyphEnd = t.Ints[io + GlyphStart] + t.Ints[io + GlyphCount];
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
                    float ax = t.Segments[s * 4] * gw, ay = t.Segments[s * 4 + 1] * gh;
                    float dx = t.Segments[s * 4 + 2] * gw - ax, dy = t.Segments[s * 4 + 3] * gh - ay;
                    float px0 = lx - ax, py0 = ly - ay;
                    float len2 = dx * dx + dy * dy;
                    float h = len2 > 0f ? Unit((px0 * dx + py0 * dy) / len2) : 0f;
                    float ex = px0 - dx * h, ey = py0 - dy * h;
                    nearest = MathF.Min(nearest, MathF.Sqrt(ex * ex + ey * ey));
                }
                float c = PlateShader.Coverage(nearest - hs, inv);
                cr = cr + (t.GlyphFloats[o + 5] - cr) * c;
                cg = cg + (t.GlyphFloats[o + 6] - cg) * c;
                cb = cb + (t.GlyphFloats[o + 7] - cb) * c;
            }
            int screwEnd = t.Ints[io + ScrewStart] + t.Ints[io + ScrewCount];
            for (int k = t.Ints[io + ScrewStart]; k < screwEnd; k++)
            {
                int o = k * ScrewStride;
                float dx = x - t.Screws[o], dy = y - t.Screws[o + 1], sr = t.Screws[o + 2];
                float c = PlateShader.Coverage(MathF.Sqrt(dx * dx + dy * dy) - sr, inv);
                float shade = KernelMath.Clamp(0.55f - 0.3f * (dx + dy) / (sr * 1.5f), 0.15f, 0.95f);
                cr = cr + (shade - cr) * c;
                cg = cg + (shade - cg) * c;
                cb = cb + (shade - cb) * c;
            }
            float dirt = f[fo + Dirt];
            if (dirt > 0f)
            {
                float n = PixelHash.Fbm(key, x * f[fo + DirtInvScale], y * f[fo + DirtInvScale], PurposeDirt);
                float amount = Unit((n - 0.35f) * 2f) * dirt;
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
        float shadow = f[fo + ShadowDarkness] * Unit((f[fo + ShadowNx] * u + f[fo + ShadowNy] * v - f[fo + ShadowOffset]) * f[fo + ShadowInvSoft] + 0.5f);
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
        int at = image * 3 * t.Plane + py * t.Stride + px;
        planes[at] = br * illum * f[fo + LightRgb] + glare * f[fo + GlareRgb];
        planes[at + t.Plane] = bg * illum * f[fo + LightRgb + 1] + glare * f[fo + GlareRgb + 1];
        planes[at + 2 * t.Plane] = bb * illum * f[fo + LightRgb + 2] + glare * f[fo + GlareRgb + 2];
    }

    /// <summary>Motion blur or defocus: Σ weight · source over the image's taps (<paramref name="slot"/> is MotionStart or DefocusStart), edges clamped.</summary>
    public static void FilterTaps(Index1D index, PlateViews t, int slot, ArrayView<float> source, ArrayView<float> target)
    {
        int gid = index;
        int perImage = t.Width * t.Height;
        int image = gid / perImage, pix = gid - image * perImage;
        int x = pix % t.Width, y = pix / t.Width;
        int start = t.Ints[image * IntStride + slot], count = t.Ints[image * IntStride + slot + 1];
        int planeBase = image * 3 * t.Plane;
        float r = 0f, g = 0f, b = 0f;
        for (int k = start; k < start + count; k++)
        {
            int sx = KernelMath.Clamp(x + (int)t.Taps[k * TapStride], 0, t.Width - 1);
            int sy = KernelMath.Clamp(y + (int)t.Taps[k * TapStride + 1], 0, t.Height - 1);
            float weight = t.Taps[k * TapStride + 2];
            int at = planeBase + sy * t.Stride + sx;
            r = r + weight * source[at];
            g = g + weight * source[at + t.Plane];
            b = b + weight * source[at + 2 * t.Plane];
        }
        int o = planeBase + y * t.Stride + x;
        target[o] = r;
        target[o + t.Plane] = g;
        target[o + 2 * t.Plane] = b;
    }

    /// <summary>Rain, fog, sRGB, noise and 8 bits: bytes out, or level-shifted YCbCr planes for images that compress.</summary>
    public static void Sensor(Index1D index, PlateViews t, ArrayView<float> source, ArrayView<float> ycc, ArrayView<byte> rgb)
    {
        int gid = index;
        int perImage = t.Width * t.Height;
        int image = gid / perImage, pix = gid - image * perImage;
        int x = pix % t.Width, y = pix / t.Width;
        var f = t.Floats;
        int fo = image * FloatStride, io = image * IntStride;
        uint key = (uint)t.Ints[io + Key];
        float fog = f[fo + Fog], sigma = f[fo + SceneLayout.Noise];
        int o = image * 3 * t.Plane + y * t.Stride + x;
        float rain = f[fo + RainChance] > 0f ? Rain(f, fo, key, x, y) : 0f;
        float r = source[o] + rain, g = source[o + t.Plane] + rain, b = source[o + 2 * t.Plane] + rain;
        r = r + (f[fo + FogRgb] - r) * fog;
        g = g + (f[fo + FogRgb + 1] - g) * fog;
        b = b + (f[fo + FogRgb + 2] - b) * fog;
        r = Encode(t.Gamma, r);
        g = Encode(t.Gamma, g);
        b = Encode(t.Gamma, b);
        if (sigma > 0f)
        {
            r = r + ImagePasses.Gaussian(key, x, y, 0) * sigma;
            g = g + ImagePasses.Gaussian(key, x, y, 1) * sigma;
            b = b + ImagePasses.Gaussian(key, x, y, 2) * sigma;
        }
        int qr = ImagePasses.Quantise(r), qg = ImagePasses.Quantise(g), qb = ImagePasses.Quantise(b);
        if (t.Ints[io + Quality] == 0)
        {
            int p = 3 * gid;
            rgb[p] = (byte)qr; rgb[p + 1] = (byte)qg; rgb[p + 2] = (byte)qb;
        }
        else
        {
            float fr = qr, fg = qg, fb = qb;
            ycc[o] = 0.299f * fr + 0.587f * fg + 0.114f * fb - 128f;
            ycc[o + t.Plane] = -0.168736f * fr - 0.331264f * fg + 0.5f * fb;
            ycc[o + 2 * t.Plane] = 0.5f * fr - 0.418688f * fg - 0.081312f * fb;
        }
    }

    /// <summary>
    /// One thread per coefficient of the padded grid: forward DCT of its block (edges repeat the last row and column)
    /// and quantisation, in <see cref="ImagePasses.CompressBlock"/>'s order. Images without compression return at once.
    /// </summary>
    public static void DctQuantise(Index1D index, PlateViews t, ArrayView<float> ycc, ArrayView<float> coefficients)
    {
        int gid = index;
        int image = gid / t.Plane, cell = gid - image * t.Plane;
        int io = image * IntStride;
        if (t.Ints[io + Quality] == 0) return;
        int cx = cell % t.Stride, cy = cell / t.Stride;
        int cu = cx & 7, cv = cy & 7, bx = cx - cu, by = cy - cv;
        int q0 = t.Ints[io + QuantStart];
        for (int c = 0; c < 3; c++)
        {
            int planeStart = image * 3 * t.Plane + c * t.Plane;
            float acc = 0f;
            for (int yy = 0; yy < 8; yy++)
            {
                int sy = Math.Min(by + yy, t.Height - 1);
                float row = 0f;
                for (int xx = 0; xx < 8; xx++)
                    row = row + ycc[planeStart + sy * t.Stride + Math.Min(bx + xx, t.Width - 1)] * t.Basis[xx * 8 + cu];
                acc = acc + t.Basis[yy * 8 + cv] * row;
            }
            float step = t.Quant[q0 + (c == 0 ? 0 : 64) + cv * 8 + cu];
            coefficients[planeStart + cell] = MathF.Floor(acc / step + 0.5f) * step;
        }
    }

    /// <summary>One thread per pixel: inverse DCT of its block's coefficients (<see cref="ImagePasses.ExpandBlock"/>), YCbCr to RGB, bytes out.</summary>
    public static void IdctStore(Index1D index, PlateViews t, ArrayView<float> coefficients, ArrayView<byte> rgb)
    {
        int gid = index;
        int perImage = t.Width * t.Height;
        int image = gid / perImage, pix = gid - image * perImage;
        if (t.Ints[image * IntStride + Quality] == 0) return;
        int x = pix % t.Width, y = pix / t.Width;
        int xi = x & 7, yi = y & 7, bx = x - xi, by = y - yi;
        float luma = Expand(t, coefficients, image * 3 * t.Plane, bx, by, xi, yi) + 128f;
        float cb = Expand(t, coefficients, image * 3 * t.Plane + t.Plane, bx, by, xi, yi);
        float cr = Expand(t, coefficients, image * 3 * t.Plane + 2 * t.Plane, bx, by, xi, yi);
        int p = 3 * gid;
        rgb[p] = ImagePasses.ToByte(luma + 1.402f * cr);
        rgb[p + 1] = ImagePasses.ToByte(luma - 0.344136f * cb - 0.714136f * cr);
        rgb[p + 2] = ImagePasses.ToByte(luma + 1.772f * cb);
    }

    private static float Expand(in PlateViews t, ArrayView<float> coefficients, int planeStart, int bx, int by, int xi, int yi)
    {
        float acc = 0f;
        for (int cv = 0; cv < 8; cv++)
        {
            float row = 0f;
            int o = planeStart + (by + cv) * t.Stride + bx;
            for (int cu = 0; cu < 8; cu++)
                row = row + coefficients[o + cu] * t.Basis[xi * 8 + cu];
            acc = acc + t.Basis[yi * 8 + cv] * row;
        }
        return acc;
    }

    /// <summary><see cref="ImagePasses.Rain"/> over a device view.</summary>
    private static float Rain(ArrayView<float> f, int fo, uint key, int px, int py)
    {
        float chance = f[fo + RainChance];
        float u = px + 0.5f, v = py + 0.5f;
        float cs = f[fo + RainCos], sn = f[fo + RainSin], length = f[fo + RainLength];
        float along = u * cs + v * sn, across = v * cs - u * sn;
        float column = MathF.Floor(across * (1f / 3f));
        float cellLength = length * 2f;
        float cell = MathF.Floor(along / cellLength);
        float add = 0f;
        for (int k = 0; k < 2; k++)
        {
            float c = cell - k;
            uint h = PixelHash.Hash(key, (int)column, (int)c, PurposeRain);
            if (PixelHash.Uniform(h) >= chance) continue;
            uint h2 = PixelHash.Mix(h);
            float centre = column * 3f + 0.5f + 2f * PixelHash.Uniform(h2);
            float start = c * cellLength + PixelHash.Uniform(PixelHash.Mix(h2)) * cellLength;
            float off = MathF.Abs(across - centre);
            if (off < 0.75f && along >= start && along <= start + length)
                add = add + f[fo + RainBrightness] * (1f - off * 1.33333333f);
        }
        return add;
    }

    /// <summary><see cref="ImagePasses.Encode"/> over a device view of the gamma table.</summary>
    private static float Encode(ArrayView<float> gamma, float linear)
    {
        float p = Unit(linear) * 4095f;
        int i = (int)p;
        int j = Math.Min(i + 1, 4095);
        return gamma[i] + (gamma[j] - gamma[i]) * (p - i);
    }

    /// <summary>KernelMath.Clamp(v, 0, 1) for a non-NaN v.</summary>
    private static float Unit(float v) => KernelMath.Clamp(v, 0f, 1f);
}
