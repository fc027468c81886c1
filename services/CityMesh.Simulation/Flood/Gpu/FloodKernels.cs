using ILGPU;

namespace CityMesh.Simulation.Flood.Gpu;

/// <summary>
/// The flood step on ILGPU, the same rules as <see cref="ManagedFloodKernels"/> (both call <see cref="FloodRules"/>):
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
        double g = v.Gravity, dry = v.Dry, h = v.H[i], hu = v.Hu[i], hv = v.Hv[i], z = v.Bed[i];
        bool open = v.Open != 0;
        var east = x + 1 < w
            ? FloodRules.Between(false, v.Blocked[i + 1] != 0, h, hu, hv, z, v.H[i + 1], v.Hu[i + 1], v.Hv[i + 1], v.Bed[i + 1], g, dry)
            : FloodRules.Edge(open, true, h, hu, hv, g, dry);
        var west = x > 0
            ? FloodRules.Between(v.Blocked[i - 1] != 0, false, v.H[i - 1], v.Hu[i - 1], v.Hv[i - 1], v.Bed[i - 1], h, hu, hv, z, g, dry)
            : FloodRules.Edge(open, false, h, hu, hv, g, dry);
        var north = y + 1 < v.Height
            ? FloodRules.Between(false, v.Blocked[i + w] != 0, h, hv, hu, z, v.H[i + w], v.Hv[i + w], v.Hu[i + w], v.Bed[i + w], g, dry)
            : FloodRules.Edge(open, true, h, hv, hu, g, dry);
        var south = y > 0
            ? FloodRules.Between(v.Blocked[i - w] != 0, false, v.H[i - w], v.Hv[i - w], v.Hu[i - w], v.Bed[i - w], h, hv, hu, z, g, dry)
            : FloodRules.Edge(open, false, h, hv, hu, g, dry);
        double dt = step.Dt;
        var next = FloodRules.Advance(h, hu, hv, east, west, north, south, dt / v.CellSize,
            v.RainMask[i] != 0 ? step.RainDepth : 0.0, v.Manning[i], dt, g, dry);
        v.HNext[i] = next.H;
        v.HuNext[i] = next.Hu;
        v.HvNext[i] = next.Hv;
        float depth = (float)next.H, speed = (float)FloodRules.FlowSpeed(next.H, next.Hu, next.Hv, dry);
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
