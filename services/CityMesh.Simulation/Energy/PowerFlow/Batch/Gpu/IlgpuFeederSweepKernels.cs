using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch.Gpu;

/// <summary>
/// The batched sweep on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests). The feeder's
/// arrays go to the device once, when this is made; a run sends the specified injections, launches one thread per
/// snapshot and brings back the voltages and the outcomes. The current scratch stays on the device.
/// </summary>
internal sealed class IlgpuFeederSweepKernels : IFeederSweepKernels
{
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Action<AcceleratorStream, Index1D, FeederSweepViews> _solve;
    private readonly List<IDisposable> _feederBuffers = [];
    private readonly FeederSweepViews _feeder;

    public IlgpuFeederSweepKernels(ComputeDevice device, FeederArrays feeder)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _solve = _accelerator.LoadAutoGroupedKernel<Index1D, FeederSweepViews>(FeederSweepKernels.Solve);
        Description = device.Description;
        _feeder = new FeederSweepViews
        {
            Order = Upload(feeder.Order, _feederBuffers), Parent = Upload(feeder.Parent, _feederBuffers),
            RowStarts = Upload(feeder.RowStart, _feederBuffers), Columns = Upload(feeder.Columns, _feederBuffers),
            Chains = Upload(feeder.Chain, _feederBuffers), ShuntGs = Upload(feeder.ShuntG, _feederBuffers), ShuntBs = Upload(feeder.ShuntB, _feederBuffers),
            Gs = Upload(feeder.G, _feederBuffers), Bs = Upload(feeder.B, _feederBuffers),
            StartEs = Upload(feeder.StartE, _feederBuffers), StartFs = Upload(feeder.StartF, _feederBuffers),
            BusCount = feeder.Buses, SlackBus = feeder.Slack,
        };
        _stream.Synchronize();
    }

    public string Description { get; }

    public bool BusMajor => true;

    public double KernelSeconds { get; private set; }

    public void Run(SweepBatch batch, PowerFlowOptions options)
    {
        if (!batch.BusMajor) throw new ArgumentException("the ILGPU kernel takes bus-major batches", nameof(batch));
        var buffers = new List<IDisposable>();
        try
        {
            int values = batch.E.Length, snapshots = batch.Snapshots;
            var views = _feeder;
            views.PSpecs = Upload(batch.PSpec, buffers);
            views.QSpecs = Upload(batch.QSpec, buffers);
            views.Es = Allocate<double>(values, buffers);
            views.Fs = Allocate<double>(values, buffers);
            views.DrawnRes = Allocate<double>(values, buffers);
            views.DrawnIms = Allocate<double>(values, buffers);
            views.Outcomes = Allocate<int>(snapshots, buffers);
            views.Iterations = Allocate<int>(snapshots, buffers);
            views.MismatchBuses = Allocate<int>(snapshots, buffers);
            views.Mismatches = Allocate<double>(snapshots, buffers);
            views.SnapshotCount = snapshots;
            views.SweepLimit = options.MaxSweeps;
            views.MismatchTolerance = options.Tolerance;
            _stream.Synchronize();
            long start = Stopwatch.GetTimestamp();
            if (snapshots > 0) _solve(_stream, snapshots, views);
            _stream.Synchronize();
            KernelSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Download(views.Es, batch.E);
            Download(views.Fs, batch.F);
            Download(views.Outcomes, batch.Outcome);
            Download(views.Iterations, batch.Iterations);
            Download(views.MismatchBuses, batch.MismatchBus);
            Download(views.Mismatches, batch.Mismatch);
            _stream.Synchronize();
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _feederBuffers) buffer.Dispose();
        _stream.Dispose();
    }

    private void Download<T>(ArrayView<T> view, T[] host) where T : unmanaged
    {
        if (host.Length > 0) view.SubView(0, host.Length).CopyToCPU(_stream, host);
    }

    private ArrayView<T> Allocate<T>(int length, List<IDisposable> buffers) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, length));
        buffers.Add(buffer);
        return buffer.View;
    }

    private ArrayView<T> Upload<T>(T[] host, List<IDisposable> buffers) where T : unmanaged
    {
        var view = Allocate<T>(host.Length, buffers);
        if (host.Length > 0) view.SubView(0, host.Length).CopyFromCPU(_stream, host);
        return view;
    }
}
