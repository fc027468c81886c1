namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// Constant tables both backends read: the sRGB encoding curve sampled at 4096 points (interpolated, so no pow on the
/// device), the 8×8 DCT basis and the JPEG quantisation tables scaled for a quality.
/// </summary>
internal static class CodecTables
{
    public const int GammaSize = 4096;

    /// <summary>sRGB OETF at i / 4095.</summary>
    public static float[] Gamma { get; } = BuildGamma();

    /// <summary>Basis[x * 8 + u] = C(u)/2 · cos((2x + 1)uπ/16), C(0) = 1/√2: orthonormal, so the inverse uses it too.</summary>
    public static float[] Basis { get; } = BuildBasis();

    // ITU-T T.81 Annex K example tables (luminance, chrominance), row-major.
    private static readonly int[] Luma =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly int[] Chroma =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Writes the 128 steps (luma then chroma) for <paramref name="quality"/> 1–100, scaled as the IJG library does.</summary>
    public static void Quantisation(int quality, Span<float> steps)
    {
        quality = Math.Clamp(quality, 1, 100);
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        for (int i = 0; i < 64; i++)
        {
            steps[i] = Math.Clamp((Luma[i] * scale + 50) / 100, 1, 255);
            steps[64 + i] = Math.Clamp((Chroma[i] * scale + 50) / 100, 1, 255);
        }
    }

    private static float[] BuildGamma()
    {
        var table = new float[GammaSize];
        for (int i = 0; i < GammaSize; i++)
        {
            double v = i / (double)(GammaSize - 1);
            table[i] = (float)(v <= 0.0031308 ? 12.92 * v : 1.055 * Math.Pow(v, 1 / 2.4) - 0.055);
        }
        return table;
    }

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (int x = 0; x < 8; x++)
            for (int u = 0; u < 8; u++)
                basis[x * 8 + u] = (float)((u == 0 ? Math.Sqrt(0.5) : 1.0) * 0.5 * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return basis;
    }
}
