namespace CityMesh.Simulation.Flood;

/// <summary>
/// The managed path: the CPU fallback and the oracle of the ILGPU kernels. Rows in bands over the cores; a band
/// sweeps its rows computing each face once (the east face carried to the next cell as its west, each row's north
/// faces kept as the next row's south), reading the old state and writing the new, so the order does not matter.
/// The face fluxes are the kernels' (<see cref="FloodRules"/>), bit for bit: the GPU computes each face from both
/// sides, which gives the same numbers. Not vectorised: the Riemann solver branches on wet, dry and the wave
/// directions at every face, and lanes would diverge exactly where flooding happens. The buffers are made in
/// <see cref="Bind"/>; a step allocates nothing of its own.
/// </summary>
internal sealed class ManagedFloodKernels : IFloodKernels
{
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _band;
    private FloodState _s = null!;
    private double[] _h = [], _hu = [], _hv = [];
    private FaceFlux[][] _south = [];
    private double[] _bandMax = [];
    private int _bands, _rowsPerBand;
    private double _dt, _time, _rain;

    public ManagedFloodKernels(int? maxDegreeOfParallelism = null)
    {
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        _band = Band;
    }

    public string Description => CityMesh.Compute.ManagedCompute.Current.Description;

    public void Bind(FloodState state)
    {
        _s = state;
        _h = new double[state.Count];
        _hu = new double[state.Count];
        _hv = new double[state.Count];
        // A few bands per core so a slow core does not hold the step; each band recomputes one row of faces.
        _rowsPerBand = Math.Max(1, (state.Height + 4 * Environment.ProcessorCount - 1) / (4 * Environment.ProcessorCount));
        _bands = (state.Height + _rowsPerBand - 1) / _rowsPerBand;
        _south = Enumerable.Range(0, _bands).Select(_ => new FaceFlux[state.Width]).ToArray();
        _bandMax = new double[_bands];
    }

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
        Parallel.For(0, _bands, _parallel, _band);
        (s.H, _h) = (_h, s.H);
        (s.Hu, _hu) = (_hu, s.Hu);
        (s.Hv, _hv) = (_hv, s.Hv);
        double max = 0.0;
        foreach (double bandMax in _bandMax) max = Math.Max(max, bandMax);
        return Math.Max(max, Sources(s, dt));
    }

    public void ReadDepths(int[] cells, double[] depths)
    {
        for (int k = 0; k < cells.Length; k++) depths[k] = _s.H[cells[k]];
    }

    public void Read(FloodState state) { }

    public void Dispose() { }

    private void Band(int band)
    {
        var s = _s;
        int w = s.Width, height = s.Height;
        double g = s.Gravity, dry = s.Dry, dt = _dt, ratio = dt / s.CellSize, arrivalAt = _time + dt;
        double[] h = s.H, hu = s.Hu, hv = s.Hv, z = s.Bed;
        byte[] blocked = s.Blocked;
        var south = _south[band];
        int y0 = band * _rowsPerBand, y1 = Math.Min(height, y0 + _rowsPerBand);
        for (int x = 0; x < w; x++)
        {
            int i = y0 * w + x;
            south[x] = y0 == 0 ? FloodRules.Edge(s.Open, false, h[i], hv[i], hu[i], g, dry) : YFace(s, i - w, i);
        }
        double max = 0.0;
        for (int y = y0; y < y1; y++)
        {
            int row = y * w;
            var west = FloodRules.Edge(s.Open, false, h[row], hu[row], hv[row], g, dry);
            for (int x = 0; x < w; x++)
            {
                int i = row + x;
                var east = x + 1 < w
                    ? FloodRules.Between(blocked[i] != 0, blocked[i + 1] != 0, h[i], hu[i], hv[i], z[i], h[i + 1], hu[i + 1], hv[i + 1], z[i + 1], g, dry)
                    : FloodRules.Edge(s.Open, true, h[i], hu[i], hv[i], g, dry);
                var north = y + 1 < height ? YFace(s, i, i + w) : FloodRules.Edge(s.Open, true, h[i], hv[i], hu[i], g, dry);
                if (blocked[i] == 0)
                {
                    var next = FloodRules.Advance(h[i], hu[i], hv[i], east, west, north, south[x], ratio,
                        s.RainMask[i] != 0 ? _rain : 0.0, s.Manning[i], dt, g, dry);
                    _h[i] = next.H;
                    _hu[i] = next.Hu;
                    _hv[i] = next.Hv;
                    max = Math.Max(max, FloodRules.WaveSpeed(next.H, next.Hu, next.Hv, g, dry));
                    Record(s, i, next, arrivalAt);
                    if (s.Open) RecordOutflow(s, x, y, east, west, north, south[x], dt);
                }
                else
                {
                    _h[i] = 0.0;
                    _hu[i] = 0.0;
                    _hv[i] = 0.0;
                }
                west = east;
                south[x] = north;
            }
        }
        _bandMax[band] = max;
    }

    /// <summary>The face between a cell and the one north of it: v is normal, u tangential.</summary>
    private static FaceFlux YFace(FloodState s, int below, int above) =>
        FloodRules.Between(s.Blocked[below] != 0, s.Blocked[above] != 0, s.H[below], s.Hv[below], s.Hu[below], s.Bed[below],
            s.H[above], s.Hv[above], s.Hu[above], s.Bed[above], s.Gravity, s.Dry);

    private static void Record(FloodState s, int i, CellState next, double arrivalAt)
    {
        float depth = (float)next.H, speed = (float)FloodRules.FlowSpeed(next.H, next.Hu, next.Hv, s.Dry);
        if (depth > s.MaxDepth[i]) s.MaxDepth[i] = depth;
        if (speed > s.MaxSpeed[i]) s.MaxSpeed[i] = speed;
        if (s.Arrival[i] < 0f && next.H > s.ArrivalDepth) s.Arrival[i] = (float)arrivalAt;
    }

    /// <summary>The volume through each open edge face this step, in its slot (<see cref="FloodState.Outflow"/>).</summary>
    private static void RecordOutflow(FloodState s, int x, int y, FaceFlux east, FaceFlux west, FaceFlux north, FaceFlux south, double dt)
    {
        double perFlux = dt * s.CellSize;
        if (x == 0) s.Outflow[y] -= west.Mass * perFlux;
        if (x == s.Width - 1) s.Outflow[s.Height + y] += east.Mass * perFlux;
        if (y == 0) s.Outflow[2 * s.Height + x] -= south.Mass * perFlux;
        if (y == s.Height - 1) s.Outflow[2 * s.Height + s.Width + x] += north.Mass * perFlux;
    }

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
