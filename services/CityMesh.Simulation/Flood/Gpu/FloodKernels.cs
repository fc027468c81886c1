using ILGPU;

namespace CityMesh.Simulation.Flood.Gpu;

/// <summary>
/// The flood step on ILGPU, by the rules (<see cref="FloodRules"/>) that <see cref="ManagedFloodKernels"/> runs in SIMD
/// lanes with the same operations in the same order:
/// one thread per cell computes its four faces (each face twice over the grid: cheaper on a GPU than a pass through
/// memory to store them) and writes the cell's next state; a strided pass takes the largest wave speed (an atomic
/// max of double bits per thread, exact in any order); one thread applies the point sources in order.
/// </summary>
internal static class FloodKernels
{
    public static void Update(Index1D index, FloodViews v, FloodStep step)
    {
        int i = index;
        if (v.Blocked[i] != 0)
        {
            v.HNext[i] = 0.0;
            v.HuNext[i] = 0.0;
            v.HvNext[i] = 0.0;
            return;
        }
        int w = v.Width, x = i % w, y = i / w;
        double g = v.Gravity, dry = v.Dry, h = v.H[i], z = v.Bed[i];
        double u = FloodRules.Velocity(h, v.Hu[i], dry), vv = FloodRules.Velocity(h, v.Hv[i], dry);
        bool open = v.Open != 0;
        // A neighbour's velocities are computed here once per face, in the managed path once per cell: the same bits.
        var east = x + 1 < w ? Neighbour(v, i + 1, isLeft: false, alongX: true, h, u, vv, z, g, dry) : FloodRules.Edge(open, true, h, u, vv, g);
        var west = x > 0 ? Neighbour(v, i - 1, isLeft: true, alongX: true, h, u, vv, z, g, dry) : FloodRules.Edge(open, false, h, u, vv, g);
        var north = y + 1 < v.Height ? Neighbour(v, i + w, isLeft: false, alongX: false, h, vv, u, z, g, dry) : FloodRules.Edge(open, true, h, vv, u, g);
        var south = y > 0 ? Neighbour(v, i - w, isLeft: true, alongX: false, h, vv, u, z, g, dry) : FloodRules.Edge(open, false, h, vv, u, g);
        double dt = step.Dt;
        var next = FloodRules.Advance(h, v.Hu[i], v.Hv[i], east, west, north, south, dt / v.CellSize,
            v.RainMask[i] != 0 ? step.RainDepth : 0.0, v.Manning[i], dt * g, dry);
        v.HNext[i] = next.H;
        v.HuNext[i] = next.Hu;
        v.HvNext[i] = next.Hv;
        float depth = (float)next.H, speed = (float)next.Speed;
        if (depth > v.MaxDepth[i]) v.MaxDepth[i] = depth;
        if (speed > v.MaxSpeed[i]) v.MaxSpeed[i] = speed;
        if (v.Arrival[i] < 0f && next.H > v.ArrivalDepth) v.Arrival[i] = (float)(step.Time + dt);
        if (!open) return;
        // Each edge face has its own slot, written by this cell only: no atomics, the same sum as managed.
        double perFlux = dt * v.CellSize;
        if (x == 0) v.Outflow[y] -= west.Mass * perFlux;
        if (x == w - 1) v.Outflow[v.Height + y] += east.Mass * perFlux;
        if (y == 0) v.Outflow[2 * v.Height + x] -= south.Mass * perFlux;
        if (y == v.Height - 1) v.Outflow[2 * v.Height + w + x] += north.Mass * perFlux;
    }

    /// <summary>
    /// The face between this cell (depth h, velocities un normal and ut tangential to the face, bed z) and its neighbour
    /// <paramref name="other"/>: west or south of it (<paramref name="isLeft"/>) or east or north, across x or y.
    /// </summary>
    private static FaceFlux Neighbour(FloodViews v, int other, bool isLeft, bool alongX, double h, double un, double ut, double z,
        double g, double dry)
    {
        double ho = v.H[other], zo = v.Bed[other];
        double uno = FloodRules.Velocity(ho, alongX ? v.Hu[other] : v.Hv[other], dry);
        double uto = FloodRules.Velocity(ho, alongX ? v.Hv[other] : v.Hu[other], dry);
        bool blocked = v.Blocked[other] != 0;
        return isLeft
            ? FloodRules.Between(blocked, false, ho, uno, uto, zo, h, un, ut, z, g)
            : FloodRules.Between(false, blocked, h, un, ut, z, ho, uno, uto, zo, g);
    }

    /// <summary>Thread t takes cells t, t + stride, … (coalesced reads), then one atomic max of its result.</summary>
    public static void MaxWaveSpeed(Index1D index, FloodViews v, int stride)
    {
        double max = 0.0;
        for (int i = index; i < v.Count; i += stride)
            max = Math.Max(max, FloodRules.WaveSpeed(v.H[i], v.Hu[i], v.Hv[i], v.Gravity, v.Dry));
        Atomic.Max(ref v.WaveSpeedBits[0], Interop.FloatAsInt(max));
    }

    /// <summary>One thread: the sources in order, as managed applies them (two may share a cell).</summary>
    public static void Sources(Index1D index, FloodViews v, double dt)
    {
        double max = 0.0, area = v.CellSize * v.CellSize;
        for (int p = 0; p < v.Sources; p++)
        {
            int c = v.SourceCell[p];
            double moved = FloodRules.Moved(v.H[c], v.SourceRate[p] * dt, area);
            var next = FloodRules.AfterSource(v.H[c], v.Hu[c], v.Hv[c], moved, area, v.Dry);
            v.H[c] = next.H;
            v.Hu[c] = next.Hu;
            v.Hv[c] = next.Hv;
            v.SourceVolume[p] = moved;
            max = Math.Max(max, FloodRules.WaveSpeed(next.H, next.Hu, next.Hv, v.Gravity, v.Dry));
        }
        Atomic.Max(ref v.WaveSpeedBits[0], Interop.FloatAsInt(max));
    }
}
