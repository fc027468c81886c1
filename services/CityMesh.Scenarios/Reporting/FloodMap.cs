using CityMesh.Simulation.Flood;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// A flood's maximum depth as a picture: grey hillshade of the bed (lit from the north-west, as maps are) with water
/// deeper than the flooded depth in a blue ramp that darkens to 2 m and beyond; buildings (blocked cells) near black.
/// North is up: the engine's rows count from the south, so they are drawn in reverse.
/// </summary>
public static class FloodMap
{
    public static byte[] Png(FloodGrid grid, float[] maxDepth, double floodedDepth)
    {
        int w = grid.Width, h = grid.Height;
        // Small grids are drawn larger so the report's image is not a postage stamp.
        int scale = Math.Max(1, 400 / Math.Max(w, h));
        var rgb = new byte[w * scale * h * scale * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int cell = grid.Index(x, y);
                var (r, g, b) = grid.IsBlocked(cell) ? ((byte)40, (byte)40, (byte)40) : Colour(grid, x, y, maxDepth[cell], floodedDepth);
                int top = (h - 1 - y) * scale;
                for (int dy = 0; dy < scale; dy++)
                    for (int dx = 0; dx < scale; dx++)
                    {
                        int p = ((top + dy) * w * scale + x * scale + dx) * 3;
                        (rgb[p], rgb[p + 1], rgb[p + 2]) = (r, g, b);
                    }
            }
        return PngEncoder.Encode(w * scale, h * scale, rgb);
    }

    private static (byte R, byte G, byte B) Colour(FloodGrid grid, int x, int y, float depth, double floodedDepth)
    {
        double shade = Hillshade(grid, x, y);
        if (depth <= floodedDepth)
        {
            byte grey = (byte)(90 + 140 * shade);
            return (grey, grey, grey);
        }
        double t = Math.Clamp(depth / 2.0, 0, 1);
        return ((byte)(170 * (1 - t) * (0.7 + 0.3 * shade)), (byte)((210 - 150 * t) * (0.7 + 0.3 * shade)), (byte)(255 - 90 * t));
    }

    /// <summary>0 (facing away from a north-west light 45° up) to 1 (facing it), from the bed's central differences.</summary>
    private static double Hillshade(FloodGrid grid, int x, int y)
    {
        double Z(int i, int j) => grid.Bed[grid.Index(Math.Clamp(i, 0, grid.Width - 1), Math.Clamp(j, 0, grid.Height - 1))];
        double dzdx = (Z(x + 1, y) - Z(x - 1, y)) / (2 * grid.CellSize), dzdy = (Z(x, y + 1) - Z(x, y - 1)) / (2 * grid.CellSize);
        // Normal (−dz/dx, −dz/dy, 1) against the light towards the north-west, 45° up.
        double nx = -dzdx, ny = -dzdy, norm = Math.Sqrt(nx * nx + ny * ny + 1);
        double light = (nx * -0.5 + ny * 0.5 + 0.7071) / norm;
        return Math.Clamp(light, 0, 1);
    }
}
