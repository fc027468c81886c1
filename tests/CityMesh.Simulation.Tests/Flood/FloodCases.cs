using CityMesh.Simulation.Flood;

namespace CityMesh.Simulation.Tests.Flood;

/// <summary>The grounds the flood tests run over.</summary>
internal static class FloodCases
{
    public const double G = 9.81;

    /// <summary>
    /// A Gaussian bump (1.2 m, its top above the lake), a 0.5 m step across the east third, a block of buildings, and
    /// Manning 0.03: every term of the scheme meets uneven, partly dry ground.
    /// </summary>
    public static FloodGrid Bumpy(int width, int height)
    {
        var bed = new double[width * height];
        var blocked = new bool[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double dx = x - width / 3.0, dy = y - height / 2.0;
                bed[y * width + x] = 1.2 * Math.Exp(-(dx * dx + dy * dy) / (0.02 * width * width)) + (x >= 2 * width / 3 ? 0.5 : 0.0);
                blocked[y * width + x] = x >= width / 2 && x < width / 2 + 3 && y >= height / 4 && y < height / 4 + 2;
            }
        return new FloodGrid(width, height, 1.0, bed, Enumerable.Repeat(0.03, width * height).ToArray()) { Blocked = blocked };
    }

    /// <summary>The lake at <paramref name="level"/>: depth level − bed where that is positive, none in buildings.</summary>
    public static double[] Lake(FloodGrid grid, double level) =>
        Enumerable.Range(0, grid.Count).Select(i => grid.IsBlocked(i) ? 0.0 : Math.Max(0.0, level - grid.Bed[i])).ToArray();
}
