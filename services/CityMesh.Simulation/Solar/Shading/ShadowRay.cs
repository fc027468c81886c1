using CityMesh.Compute.Ilgpu;

namespace CityMesh.Simulation.Solar.Shading;

/// <summary>
/// Whether the ray from a roof point towards the sun passes through another building. A building is its footprint
/// extruded from the ground to its height (a prism), which is exact for flat roofs and a bound for pitched ones.
/// The ray climbs cot(elevation) metres of run per metre of rise, so against a building of height h it matters only
/// over the horizontal segment that ends where the ray passes h: the 3D test is a 2D one, segment against polygon
/// (it meets an edge, or starts inside). The bounding box rejects most candidates before the edges are looked at.
/// Float: coordinates are city-relative (under 20 km: a 1 mm ulp); a ray that grazes a corner to within that may go
/// either way, the same way on the managed path and on ILGPU's CPU accelerator, which run this very code.
/// </summary>
internal static class ShadowRay
{
    /// <summary>
    /// Whether the ray from (px, py, pz) on building <paramref name="own"/> (never tested: its own roof) towards a sun in
    /// horizontal direction (dx, dy) with cot(elevation) <paramref name="cot"/> is blocked. It walks the grid's cells
    /// along the ray (Amanatides and Woo's traversal) until the ray has climbed above the tallest building, and skips
    /// a cell whose tallest building is below the ray where it enters the cell (most of a long low-sun ray's cells).
    /// </summary>
    public static bool Blocked<TScene>(TScene s, float px, float py, float pz, int own, float dx, float dy, float cot)
        where TScene : struct, ISolarScene
    {
        float reach = (s.MaxHeight - pz) * cot;
        if (!(reach > 0f)) return false;
        float size = s.CellSize;
        int columns = s.Columns, rows = s.Rows;
        int cx = KernelMath.Clamp((int)(px / size), 0, columns - 1);
        int cy = KernelMath.Clamp((int)(py / size), 0, rows - 1);
        int stepX = dx > 0f ? 1 : -1, stepY = dy > 0f ? 1 : -1;
        // Distance along the ray to the next vertical and horizontal cell boundary, and between boundaries.
        float nextX = dx > 0f ? ((cx + 1) * size - px) / dx : dx < 0f ? (cx * size - px) / dx : float.MaxValue;
        float nextY = dy > 0f ? ((cy + 1) * size - py) / dy : dy < 0f ? (cy * size - py) / dy : float.MaxValue;
        float deltaX = dx != 0f ? size / Math.Abs(dx) : float.MaxValue;
        float deltaY = dy != 0f ? size / Math.Abs(dy) : float.MaxValue;
        float entered = 0f; // run along the ray where it entered this cell
        while (true)
        {
            int cell = cy * columns + cx;
            if (s.CellMaxHeight(cell) > pz + entered / cot)
            {
                int end = s.CellStart(cell + 1);
                for (int k = s.CellStart(cell); k < end; k++)
                {
                    int b = s.CellBuilding(k);
                    if (b != own && Hits(s, b, px, py, pz, dx, dy, cot)) return true;
                }
            }
            if (nextX < nextY)
            {
                if (nextX > reach) return false;
                cx += stepX;
                if (cx < 0 || cx >= columns) return false;
                entered = nextX;
                nextX += deltaX;
            }
            else
            {
                if (nextY > reach) return false;
                cy += stepY;
                if (cy < 0 || cy >= rows) return false;
                entered = nextY;
                nextY += deltaY;
            }
        }
    }

    /// <summary>Whether the ray meets building <paramref name="b"/>'s prism (see the class).</summary>
    public static bool Hits<TScene>(TScene s, int b, float px, float py, float pz, float dx, float dy, float cot)
        where TScene : struct, ISolarScene
    {
        float rise = s.Height(b) - pz;
        if (!(rise > 0f)) return false;
        float rx = dx * (rise * cot), ry = dy * (rise * cot);
        float qx = px + rx, qy = py + ry;
        if (Math.Max(px, qx) < s.MinX(b) || Math.Min(px, qx) > s.MaxX(b) ||
            Math.Max(py, qy) < s.MinY(b) || Math.Min(py, qy) > s.MaxY(b))
            return false;
        int first = s.VertexStart(b), end = s.VertexStart(b + 1);
        bool inside = false;
        for (int i = first, j = end - 1; i < end; j = i++)
        {
            float ax = s.VertexX(j), ay = s.VertexY(j), bx = s.VertexX(i), by = s.VertexY(i);
            // Crossing number of the start point, for a ray that starts inside (footprints that overlap).
            if ((ay > py) != (by > py) && px < (bx - ax) * (py - ay) / (by - ay) + ax) inside = !inside;
            // P + t r = A + u e: t = (w × e) / (r × e), u = (w × r) / (r × e), w = A − P; parallel edges never count alone.
            float ex = bx - ax, ey = by - ay;
            float denominator = rx * ey - ry * ex;
            if (denominator == 0f) continue;
            float wx = ax - px, wy = ay - py;
            float t = (wx * ey - wy * ex) / denominator;
            float u = (wx * ry - wy * rx) / denominator;
            if (t >= 0f && t <= 1f && u >= 0f && u <= 1f) return true;
        }
        return inside;
    }
}
