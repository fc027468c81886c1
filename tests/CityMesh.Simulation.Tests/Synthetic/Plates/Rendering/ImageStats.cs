namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>Measures of one 320×96 RGB image inside a rendered batch.</summary>
internal static class ImageStats
{
    public static (byte R, byte G, byte B) At(byte[] rgb, int x, int y, int image = 0)
    {
        int o = (image * TestScenes.Width * TestScenes.Height + y * TestScenes.Width + x) * 3;
        return (rgb[o], rgb[o + 1], rgb[o + 2]);
    }

    public static double MeanLuma(byte[] rgb, int image = 0)
    {
        double sum = 0;
        for (int y = 0; y < TestScenes.Height; y++)
            for (int x = 0; x < TestScenes.Width; x++)
            {
                var (r, g, b) = At(rgb, x, y, image);
                sum += 0.299 * r + 0.587 * g + 0.114 * b;
            }
        return sum / (TestScenes.Width * TestScenes.Height);
    }

    /// <summary>Mean squared difference of horizontally adjacent green samples: edge energy, which blur lowers.</summary>
    public static double EdgeEnergy(byte[] rgb)
    {
        double sum = 0;
        for (int y = 0; y < TestScenes.Height; y++)
            for (int x = 0; x + 1 < TestScenes.Width; x++)
            {
                double d = At(rgb, x + 1, y).G - At(rgb, x, y).G;
                sum += d * d;
            }
        return sum / (TestScenes.Height * (TestScenes.Width - 1));
    }

    /// <summary>
    /// How much the error (<paramref name="degraded"/> − <paramref name="clean"/>, green) jumps between horizontal
    /// neighbours across 8×8 block edges, relative to inside blocks: about 1 for per-pixel degradations.
    /// </summary>
    public static double BlockEdgeRatio(byte[] degraded, byte[] clean)
    {
        double across = 0, inside = 0;
        int na = 0, ni = 0;
        for (int y = 0; y < TestScenes.Height; y++)
            for (int x = 0; x + 1 < TestScenes.Width; x++)
            {
                double e0 = At(degraded, x, y).G - At(clean, x, y).G, e1 = At(degraded, x + 1, y).G - At(clean, x + 1, y).G;
                if (x % 8 == 7) { across += Math.Abs(e1 - e0); na++; }
                else { inside += Math.Abs(e1 - e0); ni++; }
            }
        return across / na / (inside / ni);
    }

    /// <summary>Standard deviation of the per-sample difference of two images.</summary>
    public static double DifferenceStd(byte[] a, byte[] b)
    {
        double sum = 0, sq = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d;
            sq += d * d;
        }
        double mean = sum / a.Length;
        return Math.Sqrt(sq / a.Length - mean * mean);
    }
}
