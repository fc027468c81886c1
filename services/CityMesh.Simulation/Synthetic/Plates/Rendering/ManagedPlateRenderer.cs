using static CityMesh.Simulation.Synthetic.Plates.Rendering.SceneLayout;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// Draws plate scenes with managed code, one image per worker (Parallel.For over the batch): the CPU fallback and the
/// oracle the ILGPU kernels are tested against. Per image: shade, motion blur, defocus, sensor pass, and the JPEG-style
/// block pass when the scene asks for compression. Scratch planes are per thread and reused, so a warm render allocates
/// nothing per image or pixel.
/// </summary>
public sealed class ManagedPlateRenderer : IPlateRenderer
{
    private readonly SceneTables _tables = new();
    private readonly int _parallelism;

    [ThreadStatic] private static float[]? _planeA;
    [ThreadStatic] private static float[]? _planeB;

    public ManagedPlateRenderer() : this(-1) { }

    /// <param name="maxDegreeOfParallelism">Workers over the batch; -1: as many as the runtime chooses.</param>
    public ManagedPlateRenderer(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (runtime's choice) or a positive count");
        _parallelism = maxDegreeOfParallelism;
    }

    public string Backend => "managed";

    public void Render(ReadOnlySpan<PlateScene> scenes, int width, int height, Span<byte> rgb)
    {
        long perImage = RenderArguments.Check(scenes.Length, width, height, rgb.Length);
        if (scenes.Length == 0) return;
        _tables.Pack(scenes);
        var tables = _tables;
        unsafe
        {
            fixed (byte* output = rgb)
            {
                var target = (nint)output;
                if (scenes.Length == 1)
                {
                    DrawImage(tables, 0, width, height, new Span<byte>((byte*)target, (int)perImage));
                    return;
                }
                Parallel.For(0, scenes.Length, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, i =>
                    DrawImage(tables, i, width, height, new Span<byte>((byte*)target + i * perImage, (int)perImage)));
            }
        }
    }

    public void Dispose() { }

    private static void DrawImage(SceneTables t, int image, int width, int height, Span<byte> output)
    {
        int stride = (width + 7) & ~7, rows = (height + 7) & ~7, plane = stride * rows;
        var a = Scratch(ref _planeA, 3 * plane);
        var b = Scratch(ref _planeB, 3 * plane);
        int io = image * IntStride;

        PlateShader.ShadeImage(t, image, width, height, a, stride, plane);
        // A single tap is the identity (0 + 1·s == s), so skipping it changes no bit.
        if (t.Ints[io + MotionCount] > 1)
        {
            FilterImage(t, t.Ints[io + MotionStart], t.Ints[io + MotionCount], a, b, width, height, stride, plane);
            (a, b) = (b, a);
        }
        if (t.Ints[io + DefocusCount] > 1)
        {
            FilterImage(t, t.Ints[io + DefocusStart], t.Ints[io + DefocusCount], a, b, width, height, stride, plane);
            (a, b) = (b, a);
        }
        bool compress = t.Ints[io + Quality] > 0;
        Sensor(t, image, a, compress ? b : null, output, width, height, stride, plane);
        if (compress)
            Compress(t, image, b, a, output, width, height, stride, rows, plane);
    }

    [ThreadStatic] private static int[]? _tapOffsets;
    [ThreadStatic] private static uint[]? _noiseColumns;

    /// <summary>
    /// Σ weight · source over the taps for all three planes, in tap order per channel as <see cref="ImagePasses.Filter"/>
    /// and filter_taps do. Pixels whose every tap lands inside the image read at precomputed offsets; only the border
    /// band clamps.
    /// </summary>
    private static void FilterImage(SceneTables t, int start, int count, float[] source, float[] target, int width, int height, int stride, int plane)
    {
        float[] taps = t.Taps;
        var offsets = _tapOffsets is { } existing && existing.Length >= count ? existing : _tapOffsets = new int[Math.Max(count, 256)];
        int reachX = 0, reachY = 0;
        for (int k = 0; k < count; k++)
        {
            int dx = (int)taps[(start + k) * TapStride], dy = (int)taps[(start + k) * TapStride + 1];
            reachX = Math.Max(reachX, Math.Abs(dx));
            reachY = Math.Max(reachY, Math.Abs(dy));
            offsets[k] = dy * stride + dx;
        }
        int x0 = Math.Min(reachX, width), x1 = Math.Max(x0, width - reachX);
        for (int y = 0; y < height; y++)
        {
            bool inside = y >= reachY && y < height - reachY;
            int row = y * stride;
            for (int x = 0; x < width; x++)
            {
                if (inside && x == x0 && x1 > x0)
                {
                    for (; x < x1; x++)
                    {
                        int o = row + x;
                        float r = 0f, g = 0f, b = 0f;
                        for (int k = 0; k < count; k++)
                        {
                            float weight = taps[(start + k) * TapStride + 2];
                            int at = o + offsets[k];
                            r = r + weight * source[at];
                            g = g + weight * source[plane + at];
                            b = b + weight * source[2 * plane + at];
                        }
                        target[o] = r; target[plane + o] = g; target[2 * plane + o] = b;
                    }
                    if (x >= width) break;
                }
                {
                    float r = 0f, g = 0f, b = 0f;
                    for (int k = start; k < start + count; k++)
                    {
                        int sx = Math.Clamp(x + (int)taps[k * TapStride], 0, width - 1);
                        int sy = Math.Clamp(y + (int)taps[k * TapStride + 1], 0, height - 1);
                        float weight = taps[k * TapStride + 2];
                        int at = sy * stride + sx;
                        r = r + weight * source[at];
                        g = g + weight * source[plane + at];
                        b = b + weight * source[2 * plane + at];
                    }
                    int o = row + x;
                    target[o] = r; target[plane + o] = g; target[2 * plane + o] = b;
                }
            }
        }
    }

    /// <summary>Rain, fog, sRGB, noise and 8 bits: to the output, or as level-shifted YCbCr planes when compressing.</summary>
    private static void Sensor(SceneTables t, int image, float[] source, float[]? ycc, Span<byte> output, int width, int height, int stride, int plane)
    {
        float[] f = t.Floats, gamma = CodecTables.Gamma;
        int fo = image * FloatStride;
        uint key = (uint)t.Ints[image * IntStride + Key];
        float fog = f[fo + Fog], sigma = f[fo + SceneLayout.Noise];
        float fogR = f[fo + FogRgb], fogG = f[fo + FogRgb + 1], fogB = f[fo + FogRgb + 2];
        bool rainy = f[fo + RainChance] > 0f;
        // The noise hash's first two rounds depend on the channel and column only: once per image, not per pixel.
        var columns = _noiseColumns is { } existing && existing.Length >= 3 * width ? existing : _noiseColumns = new uint[Math.Max(3 * width, 1024)];
        if (sigma > 0f)
            for (int c = 0; c < 3; c++)
            {
                uint seed = PixelHash.Seed(key, PurposeNoise + 32u * (uint)(c + 1));
                for (int x = 0; x < width; x++) columns[c * width + x] = PixelHash.Column(seed, x);
            }
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = y * stride + x;
                float rain = rainy ? ImagePasses.Rain(f, fo, key, x, y) : 0f;
                float r = source[o] + rain, g = source[plane + o] + rain, b = source[2 * plane + o] + rain;
                r = r + (fogR - r) * fog;
                g = g + (fogG - g) * fog;
                b = b + (fogB - b) * fog;
                r = ImagePasses.Encode(gamma, r);
                g = ImagePasses.Encode(gamma, g);
                b = ImagePasses.Encode(gamma, b);
                if (sigma > 0f)
                {
                    r = r + ImagePasses.Gaussian(columns[x], y) * sigma;
                    g = g + ImagePasses.Gaussian(columns[width + x], y) * sigma;
                    b = b + ImagePasses.Gaussian(columns[2 * width + x], y) * sigma;
                }
                int qr = ImagePasses.Quantise(r), qg = ImagePasses.Quantise(g), qb = ImagePasses.Quantise(b);
                if (ycc is null)
                {
                    int p = 3 * (y * width + x);
                    output[p] = (byte)qr; output[p + 1] = (byte)qg; output[p + 2] = (byte)qb;
                }
                else
                {
                    float fr = qr, fg = qg, fb = qb;
                    ycc[o] = 0.299f * fr + 0.587f * fg + 0.114f * fb - 128f;
                    ycc[plane + o] = -0.168736f * fr - 0.331264f * fg + 0.5f * fb;
                    ycc[2 * plane + o] = 0.5f * fr - 0.418688f * fg - 0.081312f * fb;
                }
            }
        }
    }

    private static void Compress(SceneTables t, int image, float[] ycc, float[] coefficients, Span<byte> output, int width, int height, int stride, int rows, int plane)
    {
        // Blocks past the image edge repeat its last column and row, as the kernel's clamped reads do.
        for (int c = 0; c < 3; c++)
        {
            var p = ycc.AsSpan(c * plane, plane);
            for (int y = 0; y < rows; y++)
                for (int x = y < height ? width : 0; x < stride; x++)
                    p[y * stride + x] = p[Math.Min(y, height - 1) * stride + Math.Min(x, width - 1)];
        }
        var steps = t.Quant.AsSpan(t.Ints[image * IntStride + QuantStart], QuantStride);
        for (int c = 0; c < 3; c++)
        {
            var source = ycc.AsSpan(c * plane, plane);
            var coef = coefficients.AsSpan(c * plane, plane);
            var table = c == 0 ? steps[..64] : steps[64..];
            for (int by = 0; by < rows; by += 8)
                for (int bx = 0; bx < stride; bx += 8)
                {
                    ImagePasses.CompressBlock(source, coef, CodecTables.Basis, table, bx, by, stride);
                    ImagePasses.ExpandBlock(coef, source, CodecTables.Basis, bx, by, stride);
                }
        }
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = y * stride + x, q = 3 * (y * width + x);
                float luma = ycc[o] + 128f, cb = ycc[plane + o], cr = ycc[2 * plane + o];
                output[q] = ImagePasses.ToByte(luma + 1.402f * cr);
                output[q + 1] = ImagePasses.ToByte(luma - 0.344136f * cb - 0.714136f * cr);
                output[q + 2] = ImagePasses.ToByte(luma + 1.772f * cb);
            }
        }
    }

    private static float[] Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
        return buffer;
    }
}
