namespace CityMesh.Simulation.Flood;

/// <summary>
/// A band of rows of the managed step, swept south to north, and its scratch rows. Each row is four phases:
/// the velocities of the row above (each cell's once), the y faces between this row and the one above, this row's
/// x faces, then the cells' update from the four faces around each; the faces above become the next row's faces
/// below. Every face is computed once (a band recomputes the row of faces under its first row). Each phase runs in
/// lanes of four (<see cref="FloodLanes"/>) where <paramref name="lanes"/>, with the rules (<see cref="FloodRules"/>)
/// for the edges and a row's last cells, which the lanes match to the bit. The scratch rows stay in the core's
/// cache (8 · width bytes each); a band writes no memory another band reads until the step ends.
/// </summary>
internal sealed partial class FloodBand(int width, int first, int end, bool lanes)
{
    private readonly FaceRow _across = new(width + 1);
    private FaceRow _below = new(width), _above = new(width);
    private double[] _u = new double[width], _v = new double[width], _uAbove = new double[width], _vAbove = new double[width];

    /// <summary>The largest wave speed of the band's cells after the last sweep.</summary>
    public double MaxWaveSpeed { get; private set; }

    /// <summary>Rows [first, end) of <paramref name="s"/> a step of <paramref name="dt"/> on, into the next-state arrays.</summary>
    public void Sweep(FloodState s, NextState next, double dt, double time, double rainDepth)
    {
        Velocities(s, first, _u, _v);
        if (first == 0) EdgeFaces(s, first, cellIsBelow: false, _u, _v, _below);
        else
        {
            Velocities(s, first - 1, _uAbove, _vAbove);
            UpFaces(s, first - 1, _uAbove, _vAbove, _u, _v, _below);
        }
        double max = 0.0;
        for (int y = first; y < end; y++)
        {
            if (y + 1 < s.Height)
            {
                Velocities(s, y + 1, _uAbove, _vAbove);
                UpFaces(s, y, _u, _v, _uAbove, _vAbove, _above);
            }
            else EdgeFaces(s, y, cellIsBelow: true, _u, _v, _above);
            AcrossFaces(s, y);
            max = Math.Max(max, Update(s, y, next, dt, time, rainDepth));
            if (s.Open) Outflow(s, y, dt);
            (_below, _above) = (_above, _below);
            (_u, _uAbove) = (_uAbove, _u);
            (_v, _vAbove) = (_vAbove, _v);
        }
        MaxWaveSpeed = max;
    }

    /// <summary>The volume through each open edge face of row y this step, in its slot (<see cref="FloodState.Outflow"/>).</summary>
    private void Outflow(FloodState s, int y, double dt)
    {
        int w = s.Width, row = y * w;
        double perFlux = dt * s.CellSize;
        if (s.Blocked[row] == 0) s.Outflow[y] -= _across.Mass[0] * perFlux;
        if (s.Blocked[row + w - 1] == 0) s.Outflow[s.Height + y] += _across.Mass[w] * perFlux;
        for (int x = 0; x < w && (y == 0 || y == s.Height - 1); x++)
        {
            if (s.Blocked[row + x] != 0) continue;
            if (y == 0) s.Outflow[2 * s.Height + x] -= _below.Mass[x] * perFlux;
            if (y == s.Height - 1) s.Outflow[2 * s.Height + w + x] += _above.Mass[x] * perFlux;
        }
    }
}

/// <summary>The arrays a step writes, the cells' next depth and discharges; they swap with the state's after it.</summary>
internal sealed class NextState(int count)
{
    public double[] H = new double[count], Hu = new double[count], Hv = new double[count];
}
