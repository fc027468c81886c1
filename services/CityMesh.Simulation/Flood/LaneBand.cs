using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// A <see cref="FloodBand"/> whose phases run in SIMD lanes of width <typeparamref name="T"/> (<see cref="FloodLanes{T}"/>)
/// over each row from its start, as far as whole vectors go (the update two vectors at a time, as its float rasters
/// narrow two vectors of doubles into one); the rules do the edges and the rest, to the same bits.
/// </summary>
internal sealed class LaneBand<T>(int width, int first, int end) : FloodBand(width, first, end) where T : struct, ILanes<T>
{
    private static int Count => T.Count;

    protected override int LaneVelocities(FloodState s, int y, double[] u, double[] v)
    {
        int w = s.Width, row = y * w, x = 0;
        var dry = T.Create(s.Dry);
        for (; x + Count <= w; x += Count)
        {
            var perDepth = FloodLanes<T>.InverseDepth(T.Load(s.H, row + x), dry);
            T.Store(T.Load(s.Hu, row + x) * perDepth, u, x);
            T.Store(T.Load(s.Hv, row + x) * perDepth, v, x);
        }
        return x;
    }

    protected override int LaneUpFaces(FloodState s, int y, double[] uBelow, double[] vBelow, double[] uAbove, double[] vAbove, FaceRow faces)
    {
        int w = s.Width, below = y * w, above = below + w, x = 0;
        double[] h = s.H, z = s.Bed;
        byte[] blocked = s.Blocked;
        var g = T.Create(s.Gravity);
        for (; x + Count <= w; x += Count)
        {
            faces.Store(x, FloodLanes<T>.Between(T.FlagWord(blocked, below + x), T.FlagWord(blocked, above + x),
                T.Load(h, below + x), T.Load(vBelow, x), T.Load(uBelow, x), T.Load(z, below + x),
                T.Load(h, above + x), T.Load(vAbove, x), T.Load(uAbove, x), T.Load(z, above + x), g));
        }
        return x;
    }

    /// <summary>Faces 1 to the returned count: face k between cells k − 1 and k.</summary>
    protected override int LaneAcrossFaces(FloodState s, int y)
    {
        int w = s.Width, row = y * w, k = 1;
        double[] h = s.H, z = s.Bed, u = U, v = V;
        byte[] blocked = s.Blocked;
        var g = T.Create(s.Gravity);
        for (; k + Count <= w; k += Count)
        {
            int left = row + k - 1, right = row + k;
            Across.Store(k, FloodLanes<T>.Between(T.FlagWord(blocked, left), T.FlagWord(blocked, right),
                T.Load(h, left), T.Load(u, k - 1), T.Load(v, k - 1), T.Load(z, left),
                T.Load(h, right), T.Load(u, k), T.Load(v, k), T.Load(z, right), g));
        }
        return k - 1;
    }

    protected override int LaneUpdate(FloodState s, int y, NextState next, double dt, double time, double rainDepth, ref double max)
    {
        int w = s.Width, row = y * w, x = 0;
        var step = new Step(T.Create(dt / s.CellSize), T.Create(rainDepth), T.Create(dt * s.Gravity), T.Create(s.Gravity), T.Create(s.Dry));
        T arrivalDepth = T.Create(s.ArrivalDepth), wave = T.Zero;
        float arrivalAt = (float)(time + dt);
        for (; x + 2 * Count <= w; x += 2 * Count)
        {
            var low = UpdateVector(s, next, row + x, x, step);
            var high = UpdateVector(s, next, row + x + Count, x + Count, step);
            wave = T.Max(wave, T.Max(low.WaveSpeed, high.WaveSpeed));
            // The rasters; a blocked cell's zeros change nothing there.
            T.KeepMax(s.MaxDepth, row + x, low.H, high.H);
            T.KeepMax(s.MaxSpeed, row + x, low.Speed, high.Speed);
            T.KeepFirst(s.Arrival, row + x, T.GreaterThan(low.H, arrivalDepth), T.GreaterThan(high.H, arrivalDepth), arrivalAt);
        }
        max = Math.Max(max, T.MaxLane(wave));
        return x;
    }

    /// <summary>Cells i to i + Count − 1 (x in the row): the lanes of the rules' loop, blocked cells empty.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // inlined twice, its two copies' vectors would outnumber the registers
    private AdvancedCells<T> UpdateVector(FloodState s, NextState next, int i, int x, in Step step)
    {
        ulong blocked = T.FlagWord(s.Blocked, i), rained = T.FlagWord(s.RainMask, i);
        var rain = rained == 0 ? T.Zero : T.Select(T.Flags(rained), step.RainDepth, T.Zero);
        var cells = FloodLanes<T>.Advance(T.Load(s.H, i), T.Load(s.Hu, i), T.Load(s.Hv, i), Across.Load<T>(x + 1), Across.Load<T>(x),
            Above.Load<T>(x), Below.Load<T>(x), step.Ratio, rain, T.Load(s.Manning, i), step.Dtg, step.Gravity, step.Dry);
        if (blocked != 0) cells = cells.Open(T.Flags(blocked));
        T.Store(cells.H, next.H, i);
        T.Store(cells.Hu, next.Hu, i);
        T.Store(cells.Hv, next.Hv, i);
        return cells;
    }

    /// <summary>A step's scalars in every lane: dt / cell, the rain's depth, dt · g, g, the dry depth.</summary>
    private readonly record struct Step(T Ratio, T RainDepth, T Dtg, T Gravity, T Dry);
}
