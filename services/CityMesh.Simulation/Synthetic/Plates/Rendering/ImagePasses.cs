using CityMesh.Compute.Ilgpu;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The image-space passes after shading, per pixel as the ILGPU kernels (Gpu/PlateKernels.cs) do them: a tap filter (motion blur,
/// then defocus), the sensor pass (rain, fog, sRGB encode, noise, 8-bit quantisation) and the JPEG-style block pass.
/// Images are planar float (R, G, B planes of <c>stride × paddedHeight</c>, padded to whole 8×8 blocks).
/// </summary>
internal static class ImagePasses
{
    /// <summary>Σ weight · source at the tap's offset, edges clamped, for one channel of one pixel.</summary>
    public static float Filter(float[] taps, int start, int count, ReadOnlySpan<float> plane, int x, int y, int width, int height, int stride)
    {
        float acc = 0f;
        for (int k = start; k < start + count; k++)
        {
            int sx = KernelMath.Clamp(x + (int)taps[k * TapStride], 0, width - 1);
            int sy = KernelMath.Clamp(y + (int)taps[k * TapStride + 1], 0, height - 1);
            acc = acc + taps[k * TapStride + 2] * plane[sy * stride + sx];
        }
        return acc;
    }

    /// <summary>Brightness added by rain streaks at a pixel: thin lines at the rain angle, one chance per cell of a 3 px wide column.</summary>
    public static float Rain(float[] f, int fo, uint key, int px, int py)
    {
        float chance = f[fo + RainChance];
        if (chance <= 0f) return 0f;
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

    /// <summary>sRGB encode by the interpolated table, input clamped to 0–1.</summary>
    public static float Encode(float[] gamma, float linear)
    {
        float p = KernelMath.Clamp(linear, 0f, 1f) * 4095f;
        int i = (int)p;
        int j = Math.Min(i + 1, 4095);
        return gamma[i] + (gamma[j] - gamma[i]) * (p - i);
    }

    /// <summary>Zero-mean, unit-variance approximate Gaussian: the sum of four 16-bit uniforms (Irwin–Hall), centred and scaled.</summary>
    public static float Gaussian(uint key, int px, int py, int channel)
    {
        uint a = PixelHash.Hash(key, px, py, PurposeNoise + 32u * (uint)(channel + 1));
        uint b = PixelHash.Mix(a ^ 0x68E31DA4u);
        int sum = (int)(a & 0xFFFFu) + (int)(a >> 16) + (int)(b & 0xFFFFu) + (int)(b >> 16);
        return (sum * (1f / 65536f) - 2f) * 1.7320508f;
    }

    /// <summary><see cref="Gaussian(uint, int, int, int)"/> from the hash's column value (<see cref="PixelHash.Column"/> of the channel's seed and x): the same value.</summary>
    public static float Gaussian(uint column, int py)
    {
        uint a = PixelHash.Row(column, py);
        uint b = PixelHash.Mix(a ^ 0x68E31DA4u);
        int sum = (int)(a & 0xFFFFu) + (int)(a >> 16) + (int)(b & 0xFFFFu) + (int)(b >> 16);
        return (sum * (1f / 65536f) - 2f) * 1.7320508f;
    }

    /// <summary>0–1 to 0–255 with rounding.</summary>
    public static int Quantise(float v) => (int)(KernelMath.Clamp(v, 0f, 1f) * 255f + 0.5f);

    private static readonly float[] BasisByFrequency = Transpose(CodecTables.Basis);

    /// <summary>
    /// Forward DCT and quantisation of the 8×8 block at (bx, by): coefficient (u, v) lands at (bx + u, by + v) of
    /// <paramref name="coefficients"/>. Row sums are shared across v, but each coefficient is the same sums in the same
    /// order as the kernel's one-work-item-per-coefficient form; the eight lanes of a vector are eight frequencies
    /// (or positions), each summed alone in that order, with separate multiply and add (no fused multiply-add).
    /// </summary>
    public static void CompressBlock(ReadOnlySpan<float> plane, Span<float> coefficients, float[] basis, ReadOnlySpan<float> steps, int bx, int by, int stride)
    {
        ref float b0 = ref basis[0];
        ref float src = ref MemoryMarshal.GetReference(plane);
        Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
        for (int yy = 0; yy < 8; yy++)
        {
            int o = (by + yy) * stride + bx;
            if ((uint)(o + 8) > (uint)plane.Length) throw new ArgumentOutOfRangeException(nameof(bx));
            var row = Vector256<float>.Zero;
            for (int xx = 0; xx < 8; xx++)
                row = row + Vector256.Create(Unsafe.Add(ref src, o + xx)) * Vector256.LoadUnsafe(ref b0, (nuint)(xx * 8));
            rows[yy] = row;
        }
        for (int cv = 0; cv < 8; cv++)
        {
            var acc = Vector256<float>.Zero;
            for (int yy = 0; yy < 8; yy++)
                acc = acc + Vector256.Create(Unsafe.Add(ref b0, yy * 8 + cv)) * rows[yy];
            var step = Vector256.Create(steps.Slice(cv * 8, 8));
            var quantised = Vector256.Floor(acc / step + Vector256.Create(0.5f)) * step;
            quantised.CopyTo(coefficients.Slice((by + cv) * stride + bx, 8));
        }
    }

    /// <summary>The inverse DCT of the block at (bx, by), written back over <paramref name="plane"/>.</summary>
    public static void ExpandBlock(ReadOnlySpan<float> coefficients, Span<float> plane, float[] basis, int bx, int by, int stride)
    {
        ref float b0 = ref basis[0];
        ref float t0 = ref BasisByFrequency[0];
        ref float coef = ref MemoryMarshal.GetReference(coefficients);
        Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
        for (int cv = 0; cv < 8; cv++)
        {
            int o = (by + cv) * stride + bx;
            if ((uint)(o + 8) > (uint)coefficients.Length) throw new ArgumentOutOfRangeException(nameof(bx));
            var row = Vector256<float>.Zero;
            for (int cu = 0; cu < 8; cu++)
                row = row + Vector256.Create(Unsafe.Add(ref coef, o + cu)) * Vector256.LoadUnsafe(ref t0, (nuint)(cu * 8));
            rows[cv] = row;
        }
        for (int yi = 0; yi < 8; yi++)
        {
            var acc = Vector256<float>.Zero;
            for (int cv = 0; cv < 8; cv++)
                acc = acc + Vector256.Create(Unsafe.Add(ref b0, yi * 8 + cv)) * rows[cv];
            acc.CopyTo(plane.Slice((by + yi) * stride + bx, 8));
        }
    }

    private static float[] Transpose(float[] m)
    {
        var t = new float[64];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                t[j * 8 + i] = m[i * 8 + j];
        return t;
    }

    /// <summary>An sRGB sample 0–255 (float) to a byte, rounding half up.</summary>
    public static byte ToByte(float v) => (byte)KernelMath.Clamp((int)MathF.Floor(v + 0.5f), 0, 255);
}
