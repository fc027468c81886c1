using ILGPU;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch.Gpu;

/// <summary>
/// The feeder and one batch on the device, passed to the kernel by value: the <see cref="IFeederSweepBatch"/> the
/// shared rules read there. Per-snapshot arrays are bus-major (see <see cref="SweepBatch"/>).
/// </summary>
internal struct FeederSweepViews : IFeederSweepBatch
{
    public ArrayView<int> Order, Parent, RowStarts, Columns;
    public ArrayView<double> Chains, ShuntGs, ShuntBs, Gs, Bs, StartEs, StartFs;
    public ArrayView<double> PSpecs, QSpecs, Es, Fs, DrawnRes, DrawnIms;
    public ArrayView<int> Outcomes, Iterations, MismatchBuses;
    public ArrayView<double> Mismatches;
    public int BusCount, SlackBus, SnapshotCount, SweepLimit;
    public double MismatchTolerance;

    public readonly int Buses => BusCount;
    public readonly int Slack => SlackBus;
    public readonly int MaxSweeps => SweepLimit;
    public readonly double Tolerance => MismatchTolerance;
    public readonly int OrderAt(int at) => Order[at];
    public readonly int ParentOf(int bus) => Parent[bus];
    public readonly double Chain(int bus, int k) => Chains[bus * FeederArrays.ChainStride + k];
    public readonly double ShuntG(int bus) => ShuntGs[bus];
    public readonly double ShuntB(int bus) => ShuntBs[bus];
    public readonly int RowStart(int row) => RowStarts[row];
    public readonly int Column(int entry) => Columns[entry];
    public readonly double G(int entry) => Gs[entry];
    public readonly double B(int entry) => Bs[entry];
    public readonly double StartE(int bus) => StartEs[bus];
    public readonly double StartF(int bus) => StartFs[bus];
    public readonly int Slot(int bus, int snapshot) => bus * SnapshotCount + snapshot;
    public readonly double PSpec(int slot) => PSpecs[slot];
    public readonly double QSpec(int slot) => QSpecs[slot];
    public readonly double E(int slot) => Es[slot];
    public readonly double F(int slot) => Fs[slot];
    public readonly void SetVoltage(int slot, double e, double f)
    {
        Es[slot] = e;
        Fs[slot] = f;
    }
    public readonly double DrawnRe(int slot) => DrawnRes[slot];
    public readonly double DrawnIm(int slot) => DrawnIms[slot];
    public readonly void SetDrawn(int slot, double re, double im)
    {
        DrawnRes[slot] = re;
        DrawnIms[slot] = im;
    }
    public readonly void Finish(int snapshot, int outcome, int iterations, double mismatch, int bus)
    {
        Outcomes[snapshot] = outcome;
        Iterations[snapshot] = iterations;
        Mismatches[snapshot] = mismatch;
        MismatchBuses[snapshot] = bus;
    }
}
