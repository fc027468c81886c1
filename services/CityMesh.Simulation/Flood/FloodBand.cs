namespace CityMesh.Simulation.Flood;

/// <summary>
/// A band of rows of the managed step, swept south to north, and its scratch rows. Each row is four phases: the
/// velocities of the row above (each cell's once), the y faces between this row and the one above, this row's x
/// faces, then the cells' update from the four faces around each; the faces above become the next row's faces below.
/// Every face is computed once (a band recomputes the row of faces under its first row). This class runs the rules
/// (<see cref="FloodRules"/>) cell by cell; <see cref="LaneBand{T}"/> runs each phase in SIMD lanes over as much of a
/// row as they cover and leaves the rest to these. The scratch rows stay in the core's cache (8 · width bytes each);
/// a band writes nothing another band reads until the step ends.
/// </summary>
internal partial class FloodBand(int width, int first, int end)
{
    /// <summary>The row's x faces: face k is west of cell k, face width east of the last.</summary>
    protected readonly FaceRow Across = new(width + 1);

    /// <summary>The y faces below and above the row.</summary>
    protected FaceRow Below = new(width), Above = new(width);

    /// <summary>The row's velocities (u, v) and the row above's.</summary>
    protected double[] U = new double[width], V = new double[width], UAbove = new double[width], VAbove = new double[width];

    /// <summary>The largest wave speed of the band's cells after the last sweep.</summary>
    public double MaxWaveSpeed { get; private set; }

    /// <summary>Rows [first, end) of <paramref name="s"/> a step of <paramref name="dt"/> on, into <paramref name="next"/>.</summary>
    public void Sweep(FloodState s, NextState next, double dt, double time, double rainDepth)
    {
        Velocities(s, first, U, V);
        if (first == 0) EdgeFaces(s, first, cellIsBelow: false, U, V, Below);
        else
        {
            Velocities(s, first - 1, UAbove, VAbove);
            UpFaces(s, first - 1, UAbove, VAbove, U, V, Below);
        }
        double max = 0.0;
        for (int y = first; y < end; y++)
        {
            if (y + 1 < s.Height)
            {
                Velocities(s, y + 1, UAbove, VAbove);
                UpFaces(s, y, U, V, UAbove, VAbove, Above);
            }
            else EdgeFaces(s, y, cellIsBelow: true, U, V, Above);
            AcrossFaces(s, y);
            max = Math.Max(max, Update(s, y, next, dt, time, rainDepth));
            if (s.Open) Outflow(s, y, dt);
            (Below, Above) = (Above, Below);
            (U, UAbove) = (UAbove, U);
            (V, VAbove) = (VAbove, V);
        }
        MaxWaveSpeed = max;
    }

    /// <summary>The volume through each open edge face of row y this step, in its slot (<see cref="FloodState.Outflow"/>).</summary>
    private void Outflow(FloodState s, int y, double dt)
    {
        int w = s.Width, row = y * w;
        double perFlux = dt * s.CellSize;
        if (s.Blocked[row] == 0) s.Outflow[y] -= Across.Mass[0] * perFlux;
        if (s.Blocked[row + w - 1] == 0) s.Outflow[s.Height + y] += Across.Mass[w] * perFlux;
        for (int x = 0; x < w && (y == 0 || y == s.Height - 1); x++)
        {
            if (s.Blocked[row + x] != 0) continue;
            if (y == 0) s.Outflow[2 * s.Height + x] -= Below.Mass[x] * perFlux;
            if (y == s.Height - 1) s.Outflow[2 * s.Height + w + x] += Above.Mass[x] * perFlux;
        }
    }
}

/// <summary>The arrays a step writes, the cells' next depth and discharges; they swap with the state's after it.</summary>
internal sealed class NextState(int count)
{
    public double[] H = new double[count], Hu = new double[count], Hv = new double[count];
}
