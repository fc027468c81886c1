namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// The managed path's <see cref="IFeederSweepBatch"/>: the feeder's and the batch's arrays, snapshot-major, with the
/// current scratch (what each bus draws) beside them. A struct of array references: the rules are specialised for it
/// and its accessors inlined.
/// </summary>
internal readonly struct FeederSweepArrays(FeederArrays feeder, SweepBatch batch, double[] drawnRe, double[] drawnIm, PowerFlowOptions options)
    : IFeederSweepBatch
{
    private readonly int[] _order = feeder.Order, _parent = feeder.Parent, _rowStart = feeder.RowStart, _columns = feeder.Columns;
    private readonly double[] _chain = feeder.Chain, _shuntG = feeder.ShuntG, _shuntB = feeder.ShuntB, _g = feeder.G, _b = feeder.B;
    private readonly double[] _startE = feeder.StartE, _startF = feeder.StartF;
    private readonly double[] _p = batch.PSpec, _q = batch.QSpec, _e = batch.E, _f = batch.F, _drawnRe = drawnRe, _drawnIm = drawnIm;
    private readonly int[] _outcome = batch.Outcome, _iterations = batch.Iterations, _mismatchBus = batch.MismatchBus;
    private readonly double[] _mismatch = batch.Mismatch;

    public int Buses { get; } = feeder.Buses;

    public int Slack { get; } = feeder.Slack;

    public int MaxSweeps { get; } = options.MaxSweeps;

    public double Tolerance { get; } = options.Tolerance;

    public int OrderAt(int at) => _order[at];

    public int ParentOf(int bus) => _parent[bus];

    public double Chain(int bus, int k) => _chain[bus * FeederArrays.ChainStride + k];

    public double ShuntG(int bus) => _shuntG[bus];

    public double ShuntB(int bus) => _shuntB[bus];

    public int RowStart(int row) => _rowStart[row];

    public int Column(int entry) => _columns[entry];

    public double G(int entry) => _g[entry];

    public double B(int entry) => _b[entry];

    public double StartE(int bus) => _startE[bus];

    public double StartF(int bus) => _startF[bus];

    public int Slot(int bus, int snapshot) => snapshot * Buses + bus;

    public double PSpec(int slot) => _p[slot];

    public double QSpec(int slot) => _q[slot];

    public double E(int slot) => _e[slot];

    public double F(int slot) => _f[slot];

    public void SetVoltage(int slot, double e, double f) => (_e[slot], _f[slot]) = (e, f);

    public double DrawnRe(int slot) => _drawnRe[slot];

    public double DrawnIm(int slot) => _drawnIm[slot];

    public void SetDrawn(int slot, double re, double im) => (_drawnRe[slot], _drawnIm[slot]) = (re, im);

    public void Finish(int snapshot, int outcome, int iterations, double mismatch, int bus) =>
        (_outcome[snapshot], _iterations[snapshot], _mismatch[snapshot], _mismatchBus[snapshot]) = (outcome, iterations, mismatch, bus);
}
