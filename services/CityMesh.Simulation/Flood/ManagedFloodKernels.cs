using System.Runtime.Intrinsics;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// The managed path, the CPU fallback and the oracle of the ILGPU kernels: rows in bands over the cores, each band swept
/// by a <see cref="FloodBand"/> (every face computed once), in the widest SIMD lanes the CPU accelerates, 512 or 256 bits
/// (<see cref="LaneBand{T}"/>); reading the old state and writing the new, so the order does not matter. The faces and
/// cells are the kernels' (<see cref="FloodRules"/>) to the bit: the GPU computes each face from both sides, which gives
/// the same numbers. The buffers are made in <see cref="Bind"/>; a step allocates nothing of its own.
/// </summary>
internal sealed class ManagedFloodKernels : IFloodKernels
{
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _sweep;
    private readonly int _laneBits;
    private FloodState _s = null!;
    private NextState _next = null!;
    private FloodBand[] _bands = [];
    private double _dt, _time, _rain;

    /// <param name="maxDegreeOfParallelism">Cores to use; all by default.</param>
    /// <param name="laneBits">The SIMD width: by default the widest the CPU accelerates (512, 256 or none); 0 for the
    /// rules alone, cell by cell; 256 or 512 for that width (the tests compare them all).</param>
    public ManagedFloodKernels(int? maxDegreeOfParallelism = null, int? laneBits = null)
    {
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        _laneBits = laneBits ?? WidestLanes;
        bool usable = _laneBits switch { 0 => true, 256 => Vector256.IsHardwareAccelerated, 512 => Vector512.IsHardwareAccelerated, _ => false };
        if (!usable)
            throw new ArgumentOutOfRangeException(nameof(laneBits), laneBits, "0, or a width this CPU accelerates");
        _sweep = band => _bands[band].Sweep(_s, _next, _dt, _time, _rain);
    }

    /// <summary>The widest SIMD lanes this CPU accelerates (the flags are read as little-endian words): 512, 256 or 0.</summary>
    public static int WidestLanes =>
        !BitConverter.IsLittleEndian ? 0 : Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description + (_laneBits > 0 ? $", {_laneBits}-bit lanes" : "");

    public void Bind(FloodState state)
    {
        _s = state;
        _next = new NextState(state.Count);
        // A few bands per core so a slow core does not hold the step; each band recomputes one row of faces.
        int cores = _parallel.MaxDegreeOfParallelism;
        int rowsPerBand = Math.Max(1, (state.Height + 4 * cores - 1) / (4 * cores));
        int bands = (state.Height + rowsPerBand - 1) / rowsPerBand;
        _bands = Enumerable.Range(0, bands)
            .Select(b => Band(state.Width, b * rowsPerBand, Math.Min(state.Height, (b + 1) * rowsPerBand)))
            .ToArray();
    }

    private FloodBand Band(int width, int first, int end) => _laneBits switch
    {
        512 => new LaneBand<Lanes512>(width, first, end),
        256 => new LaneBand<Lanes256>(width, first, end),
        _ => new FloodBand(width, first, end),
    };

    public double MaxWaveSpeed()
    {
        var s = _s;
        double max = 0.0;
        for (int i = 0; i < s.Count; i++) max = Math.Max(max, FloodRules.WaveSpeed(s.H[i], s.Hu[i], s.Hv[i], s.Gravity, s.Dry));
        return max;
    }

    public double Step(FloodState s, double dt, double time, double rainDepth)
    {
        (_dt, _time, _rain) = (dt, time, rainDepth);
        Parallel.For(0, _bands.Length, _parallel, _sweep);
        (s.H, _next.H) = (_next.H, s.H);
        (s.Hu, _next.Hu) = (_next.Hu, s.Hu);
        (s.Hv, _next.Hv) = (_next.Hv, s.Hv);
        double max = 0.0;
        foreach (var band in _bands) max = Math.Max(max, band.MaxWaveSpeed);
        return Math.Max(max, Sources(s, dt));
    }

    public void ReadDepths(int[] cells, double[] depths)
    {
        for (int k = 0; k < cells.Length; k++) depths[k] = _s.H[cells[k]];
    }

    public void Read(FloodState state) { }

    public void Dispose() { }

    /// <summary>The point sources in order, one after another (two may share a cell).</summary>
    private static double Sources(FloodState s, double dt)
    {
        double max = 0.0, area = s.Area;
        for (int p = 0; p < s.SourceCell.Length; p++)
        {
            int c = s.SourceCell[p];
            double moved = FloodRules.Moved(s.H[c], s.SourceRate[p] * dt, area);
            var next = FloodRules.AfterSource(s.H[c], s.Hu[c], s.Hv[c], moved, area, s.Dry);
            s.H[c] = next.H;
            s.Hu[c] = next.Hu;
            s.Hv[c] = next.Hv;
            s.SourceVolume[p] = moved;
            max = Math.Max(max, FloodRules.WaveSpeed(next.H, next.Hu, next.Hv, s.Gravity, s.Dry));
        }
        return max;
    }
}
