namespace CityMesh.Simulation.Flood;

/// <summary>
/// The phases of a row by the rules. Each first lets the lanes (<see cref="LaneBand{T}"/>) take the row from its
/// start as far as whole vectors go, and does the rest. Indices: cell x of row y is y · width + x in the state's
/// arrays, x in a velocity row and in the y faces; x face k is west of cell k.
/// </summary>
internal partial class FloodBand
{
    /// <summary>Row y's velocities u = hu / h and v = hv / h (0 where dry), each cell's once.</summary>
    private void Velocities(FloodState s, int y, double[] u, double[] v)
    {
        int row = y * s.Width;
        for (int x = LaneVelocities(s, y, u, v); x < s.Width; x++)
        {
            double perDepth = FloodRules.InverseDepth(s.H[row + x], s.Dry);
            u[x] = s.Hu[row + x] * perDepth;
            v[x] = s.Hv[row + x] * perDepth;
        }
    }

    /// <summary>The south (or, <paramref name="cellIsBelow"/>, north) edge's faces of row y, whose velocities are u, v.</summary>
    private static void EdgeFaces(FloodState s, int y, bool cellIsBelow, double[] u, double[] v, FaceRow faces)
    {
        int row = y * s.Width;
        for (int x = 0; x < s.Width; x++) faces[x] = FloodRules.Edge(s.Open, cellIsBelow, s.H[row + x], v[x], u[x], s.Gravity);
    }

    /// <summary>The y faces between row y and row y + 1: v is the normal velocity, u the tangential.</summary>
    private void UpFaces(FloodState s, int y, double[] uBelow, double[] vBelow, double[] uAbove, double[] vAbove, FaceRow faces)
    {
        int below = y * s.Width, above = below + s.Width;
        double[] h = s.H, z = s.Bed;
        for (int x = LaneUpFaces(s, y, uBelow, vBelow, uAbove, vAbove, faces); x < s.Width; x++)
        {
            faces[x] = FloodRules.Between(s.Blocked[below + x] != 0, s.Blocked[above + x] != 0, h[below + x], vBelow[x], uBelow[x], z[below + x],
                h[above + x], vAbove[x], uAbove[x], z[above + x], s.Gravity);
        }
    }

    /// <summary>Row y's x faces: the west edge, the faces between its cells, the east edge; u is normal, v tangential.</summary>
    private void AcrossFaces(FloodState s, int y)
    {
        int w = s.Width, row = y * w;
        double[] h = s.H, z = s.Bed, u = U, v = V;
        Across[0] = FloodRules.Edge(s.Open, false, h[row], u[0], v[0], s.Gravity);
        for (int k = 1 + LaneAcrossFaces(s, y); k < w; k++)
        {
            int left = row + k - 1, right = row + k;
            Across[k] = FloodRules.Between(s.Blocked[left] != 0, s.Blocked[right] != 0, h[left], u[k - 1], v[k - 1], z[left],
                h[right], u[k], v[k], z[right], s.Gravity);
        }
        Across[w] = FloodRules.Edge(s.Open, true, h[row + w - 1], u[w - 1], v[w - 1], s.Gravity);
    }

    /// <summary>
    /// Row y's cells a step of <paramref name="dt"/> on from their four faces, into <paramref name="next"/>, with the
    /// output rasters; blocked cells stay empty. Returns the row's largest wave speed after the step.
    /// </summary>
    private double Update(FloodState s, int y, NextState next, double dt, double time, double rainDepth)
    {
        int row = y * s.Width;
        double g = s.Gravity, dry = s.Dry, ratio = dt / s.CellSize, dtg = dt * g, arrivalAt = time + dt;
        double max = 0.0;
        for (int x = LaneUpdate(s, y, next, dt, time, rainDepth, ref max); x < s.Width; x++)
        {
            int i = row + x;
            if (s.Blocked[i] != 0)
            {
                next.H[i] = next.Hu[i] = next.Hv[i] = 0.0;
                continue;
            }
            var cell = FloodRules.Advance(s.H[i], s.Hu[i], s.Hv[i], Across[x + 1], Across[x], Above[x], Below[x], ratio,
                s.RainMask[i] != 0 ? rainDepth : 0.0, s.Manning[i], dtg, dry);
            next.H[i] = cell.H;
            next.Hu[i] = cell.Hu;
            next.Hv[i] = cell.Hv;
            max = Math.Max(max, FloodRules.WaveSpeed(cell.H, cell.Hu, cell.Hv, g, dry));
            float depth = (float)cell.H, speed = (float)cell.Speed;
            if (depth > s.MaxDepth[i]) s.MaxDepth[i] = depth;
            if (speed > s.MaxSpeed[i]) s.MaxSpeed[i] = speed;
            if (s.Arrival[i] < 0f && cell.H > s.ArrivalDepth) s.Arrival[i] = (float)arrivalAt;
        }
        return max;
    }

    // Where the lanes stop; without lanes, at the start. The x faces' count starts after the west edge.

    protected virtual int LaneVelocities(FloodState s, int y, double[] u, double[] v) => 0;

    protected virtual int LaneUpFaces(FloodState s, int y, double[] uBelow, double[] vBelow, double[] uAbove, double[] vAbove, FaceRow faces) => 0;

    protected virtual int LaneAcrossFaces(FloodState s, int y) => 0;

    protected virtual int LaneUpdate(FloodState s, int y, NextState next, double dt, double time, double rainDepth, ref double max) => 0;
}
