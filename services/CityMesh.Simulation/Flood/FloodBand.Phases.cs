using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// The phases of a row: lanes over as much of the row as they cover (four cells or faces a vector; eight cells for the
/// update, whose float rasters take two vectors of doubles), then the rules for what is left. Indices: cell x of row y
/// is y · width + x in the state's arrays, x in a velocity row and in the y faces; x face k is west of cell k.
/// </summary>
internal sealed partial class FloodBand
{
    /// <summary>Row y's velocities u = hu / h and v = hv / h (0 where dry), each cell's once.</summary>
    private void Velocities(FloodState s, int y, double[] u, double[] v)
    {
        int w = s.Width, row = y * w, x = 0;
        double[] h = s.H, hu = s.Hu, hv = s.Hv;
        if (lanes)
        {
            var dry = Vector256.Create(s.Dry);
            for (; x + 4 <= w; x += 4)
            {
                var perDepth = FloodLanes.InverseDepth(Lane.Load(h, row + x), dry);
                Lane.Store(Lane.Load(hu, row + x) * perDepth, u, x);
                Lane.Store(Lane.Load(hv, row + x) * perDepth, v, x);
            }
        }
        for (; x < w; x++)
        {
            double perDepth = FloodRules.InverseDepth(h[row + x], s.Dry);
            u[x] = hu[row + x] * perDepth;
            v[x] = hv[row + x] * perDepth;
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
        int w = s.Width, below = y * w, above = below + w, x = 0;
        double[] h = s.H, z = s.Bed;
        byte[] blocked = s.Blocked;
        if (lanes)
        {
            var g = Vector256.Create(s.Gravity);
            for (; x + 4 <= w; x += 4)
            {
                faces.Store(x, FloodLanes.Between(Lane.Four(blocked, below + x), Lane.Four(blocked, above + x),
                    Lane.Load(h, below + x), Lane.Load(vBelow, x), Lane.Load(uBelow, x), Lane.Load(z, below + x),
                    Lane.Load(h, above + x), Lane.Load(vAbove, x), Lane.Load(uAbove, x), Lane.Load(z, above + x), g));
            }
        }
        for (; x < w; x++)
        {
            faces[x] = FloodRules.Between(blocked[below + x] != 0, blocked[above + x] != 0, h[below + x], vBelow[x], uBelow[x], z[below + x],
                h[above + x], vAbove[x], uAbove[x], z[above + x], s.Gravity);
        }
    }

    /// <summary>Row y's x faces: the west edge, the faces between its cells, the east edge; u is normal, v tangential.</summary>
    private void AcrossFaces(FloodState s, int y)
    {
        int w = s.Width, row = y * w, k = 1;
        double[] h = s.H, z = s.Bed, u = _u, v = _v;
        byte[] blocked = s.Blocked;
        _across[0] = FloodRules.Edge(s.Open, false, h[row], u[0], v[0], s.Gravity);
        if (lanes)
        {
            var g = Vector256.Create(s.Gravity);
            for (; k + 4 <= w; k += 4)
            {
                int left = row + k - 1, right = row + k;
                _across.Store(k, FloodLanes.Between(Lane.Four(blocked, left), Lane.Four(blocked, right),
                    Lane.Load(h, left), Lane.Load(u, k - 1), Lane.Load(v, k - 1), Lane.Load(z, left),
                    Lane.Load(h, right), Lane.Load(u, k), Lane.Load(v, k), Lane.Load(z, right), g));
            }
        }
        for (; k < w; k++)
        {
            int left = row + k - 1, right = row + k;
            _across[k] = FloodRules.Between(blocked[left] != 0, blocked[right] != 0, h[left], u[k - 1], v[k - 1], z[left],
                h[right], u[k], v[k], z[right], s.Gravity);
        }
        _across[w] = FloodRules.Edge(s.Open, true, h[row + w - 1], u[w - 1], v[w - 1], s.Gravity);
    }

    /// <summary>
    /// Row y's cells a step of <paramref name="dt"/> on from their four faces, into <paramref name="next"/>, with the
    /// output rasters; blocked cells stay empty. Returns the row's largest wave speed after the step.
    /// </summary>
    private double Update(FloodState s, int y, NextState next, double dt, double time, double rainDepth)
    {
        int w = s.Width, row = y * w, x = 0;
        double g = s.Gravity, dry = s.Dry, ratio = dt / s.CellSize, dtg = dt * g, arrivalAt = time + dt;
        double max = 0.0;
        if (lanes)
        {
            var step = new LaneStep(Vector256.Create(ratio), Vector256.Create(rainDepth), Vector256.Create(dtg), Vector256.Create(g), Vector256.Create(dry));
            var arrival = new LaneArrival(Vector256.Create(s.ArrivalDepth), Vector256.Create((float)arrivalAt));
            var wave = V.Zero;
            for (; x + 8 <= w; x += 8)
            {
                var low = UpdateFour(s, next, row, x, step);
                var high = UpdateFour(s, next, row, x + 4, step);
                wave = Vector256.Max(wave, Vector256.Max(low.WaveSpeed, high.WaveSpeed));
                Record(s, row + x, low, high, arrival);
            }
            for (int k = 0; k < V.Count; k++) max = Math.Max(max, wave.GetElement(k)); // a max is exact in any order
        }
        for (; x < w; x++)
        {
            int i = row + x;
            if (s.Blocked[i] != 0)
            {
                next.H[i] = next.Hu[i] = next.Hv[i] = 0.0;
                continue;
            }
            var cell = FloodRules.Advance(s.H[i], s.Hu[i], s.Hv[i], _across[x + 1], _across[x], _above[x], _below[x], ratio,
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

    /// <summary>Cells x to x + 3 of the row at <paramref name="row"/>: the lanes of the scalar loop above.</summary>
    private AdvancedCells UpdateFour(FloodState s, NextState next, int row, int x, in LaneStep step)
    {
        int i = row + x;
        uint blocked = Lane.Four(s.Blocked, i), rained = Lane.Four(s.RainMask, i);
        var rain = rained == 0 ? V.Zero : Vector256.ConditionalSelect(FloodLanes.Flags(rained), step.RainDepth, V.Zero);
        var cells = FloodLanes.Advance(Lane.Load(s.H, i), Lane.Load(s.Hu, i), Lane.Load(s.Hv, i), _across.Load(x + 1), _across.Load(x),
            _above.Load(x), _below.Load(x), step.Ratio, rain, Lane.Load(s.Manning, i), step.Dtg, step.Gravity, step.Dry);
        if (blocked != 0) cells = cells.Open(FloodLanes.Flags(blocked));
        Lane.Store(cells.H, next.H, i);
        Lane.Store(cells.Hu, next.Hu, i);
        Lane.Store(cells.Hv, next.Hv, i);
        return cells;
    }

    /// <summary>
    /// The rasters of eight cells from i: (float) rounds as the scalar cast does; a blocked cell's zeros change nothing.
    /// </summary>
    private static void Record(FloodState s, int i, in AdvancedCells low, in AdvancedCells high, in LaneArrival arrival)
    {
        var depth = Vector256.Narrow(low.H, high.H);
        var speed = Vector256.Narrow(low.Speed, high.Speed);
        var maxDepth = Lane.Load(s.MaxDepth, i);
        Lane.Store(Vector256.ConditionalSelect(Vector256.GreaterThan(depth, maxDepth), depth, maxDepth), s.MaxDepth, i);
        var maxSpeed = Lane.Load(s.MaxSpeed, i);
        Lane.Store(Vector256.ConditionalSelect(Vector256.GreaterThan(speed, maxSpeed), speed, maxSpeed), s.MaxSpeed, i);
        // A mask of 64-bit lanes narrows to 32-bit lanes of the same bits.
        var deepEnough = Vector256.Narrow(Vector256.GreaterThan(low.H, arrival.Depth).AsInt64(),
            Vector256.GreaterThan(high.H, arrival.Depth).AsInt64()).AsSingle();
        var arrived = Lane.Load(s.Arrival, i);
        var first = Vector256.LessThan(arrived, Vector256<float>.Zero) & deepEnough;
        Lane.Store(Vector256.ConditionalSelect(first, arrival.At, arrived), s.Arrival, i);
    }

    /// <summary>A step's scalars in every lane.</summary>
    private readonly record struct LaneStep(V Ratio, V RainDepth, V Dtg, V Gravity, V Dry);

    /// <summary>The arrival depth, and the step's end time as the arrival raster stores it.</summary>
    private readonly record struct LaneArrival(V Depth, Vector256<float> At);
}
