using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Flood.Gpu;

/// <summary>
/// The flood on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests). The cells stay on
/// the device for the whole run, in two copies that swap roles each step; a step sends the point sources' rates and
/// reads back the largest wave speed (one ulong) and the volumes the sources moved.
/// </summary>
internal sealed class IlgpuFloodKernels : IFloodKernels
{
    /// <summary>Threads of the wave-speed pass: enough to fill a GPU, few enough that their atomics cost little.</summary>
    private const int ReduceThreads = 16_384;

    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Action<AcceleratorStream, Index1D, FloodViews, FloodStep> _update;
    private readonly Action<AcceleratorStream, Index1D, FloodViews, int> _maxWaveSpeed;
    private readonly Action<AcceleratorStream, Index1D, FloodViews, double> _sources;
    private readonly List<IDisposable> _buffers = [];
    private readonly ulong[] _speedBits = new ulong[1];
    private readonly double[] _oneDepth = new double[1];
    private MemoryBuffer1D<double, Stride1D.Dense>? _sourceRate, _sourceVolume;
    private MemoryBuffer1D<ulong, Stride1D.Dense>? _speed;
    private FloodViews _current, _other;
    private int _count, _sourceCount;

    public IlgpuFloodKernels(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _update = _accelerator.LoadAutoGroupedKernel<Index1D, FloodViews, FloodStep>(FloodKernels.Update);
        _maxWaveSpeed = _accelerator.LoadAutoGroupedKernel<Index1D, FloodViews, int>(FloodKernels.MaxWaveSpeed);
        _sources = _accelerator.LoadAutoGroupedKernel<Index1D, FloodViews, double>(FloodKernels.Sources);
        Description = device.Description;
    }

    public string Description { get; }

    public void Bind(FloodState s)
    {
        _count = s.Count;
        _sourceCount = s.SourceCell.Length;
        _sourceRate = Upload(s.SourceRate);
        _sourceVolume = Upload(s.SourceVolume);
        _speed = Upload(new ulong[1]);
        _current = new FloodViews
        {
            H = Upload(s.H).View, Hu = Upload(s.Hu).View, Hv = Upload(s.Hv).View,
            HNext = Upload(new double[s.Count]).View, HuNext = Upload(new double[s.Count]).View, HvNext = Upload(new double[s.Count]).View,
            Bed = Upload(s.Bed).View, Manning = Upload(s.Manning).View, Outflow = Upload(s.Outflow).View,
            SourceRate = _sourceRate.View, SourceVolume = _sourceVolume.View, SourceCell = Upload(s.SourceCell).View,
            Blocked = Upload(s.Blocked).View, RainMask = Upload(s.RainMask).View,
            MaxDepth = Upload(s.MaxDepth).View, MaxSpeed = Upload(s.MaxSpeed).View, Arrival = Upload(s.Arrival).View,
            WaveSpeedBits = _speed.View,
            Width = s.Width, Height = s.Height, Count = s.Count, Open = s.Open ? 1 : 0, Sources = s.SourceCell.Length,
            CellSize = s.CellSize, Gravity = s.Gravity, Dry = s.Dry, ArrivalDepth = s.ArrivalDepth,
        };
        _other = Swapped(_current);
    }

    public double MaxWaveSpeed()
    {
        _speed!.View.MemSetToZero(_stream);
        _maxWaveSpeed(_stream, Math.Min(ReduceThreads, _count), _current, Math.Min(ReduceThreads, _count));
        return ReadSpeed();
    }

    public double Step(FloodState s, double dt, double time, double rainDepth)
    {
        if (_speed is null) throw new InvalidOperationException("Bind the state first");
        _update(_stream, _count, _current, new FloodStep { Dt = dt, Time = time, RainDepth = rainDepth });
        (_current, _other) = (_other, _current);
        _speed.View.MemSetToZero(_stream);
        int threads = Math.Min(ReduceThreads, _count);
        _maxWaveSpeed(_stream, threads, _current, threads);
        if (_sourceCount > 0)
        {
            _sourceRate!.View.SubView(0, _sourceCount).CopyFromCPU(_stream, s.SourceRate);
            _sources(_stream, 1, _current, dt);
            _sourceVolume!.View.SubView(0, _sourceCount).CopyToCPU(_stream, s.SourceVolume);
        }
        return ReadSpeed();
    }

    public void ReadDepths(int[] cells, double[] depths)
    {
        // A few gauges: one small copy each beats a gather kernel's launch.
        for (int k = 0; k < cells.Length; k++)
        {
            _current.H.SubView(cells[k], 1).CopyToCPU(_stream, _oneDepth);
            _stream.Synchronize();
            depths[k] = _oneDepth[0];
        }
    }

    public void Read(FloodState s)
    {
        _current.H.CopyToCPU(_stream, s.H);
        _current.Hu.CopyToCPU(_stream, s.Hu);
        _current.Hv.CopyToCPU(_stream, s.Hv);
        _current.MaxDepth.CopyToCPU(_stream, s.MaxDepth);
        _current.MaxSpeed.CopyToCPU(_stream, s.MaxSpeed);
        _current.Arrival.CopyToCPU(_stream, s.Arrival);
        _current.Outflow.CopyToCPU(_stream, s.Outflow);
        _stream.Synchronize();
    }

    public void Dispose()
    {
        foreach (var buffer in _buffers) buffer.Dispose();
        _stream.Dispose();
    }

    private double ReadSpeed()
    {
        _speed!.View.CopyToCPU(_stream, _speedBits);
        _stream.Synchronize();
        return BitConverter.UInt64BitsToDouble(_speedBits[0]);
    }

    private static FloodViews Swapped(FloodViews v)
    {
        var swapped = v;
        (swapped.H, swapped.HNext) = (v.HNext, v.H);
        (swapped.Hu, swapped.HuNext) = (v.HuNext, v.Hu);
        (swapped.Hv, swapped.HvNext) = (v.HvNext, v.Hv);
        return swapped;
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] host) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, host.Length));
        if (host.Length > 0) buffer.View.SubView(0, host.Length).CopyFromCPU(_stream, host);
        _buffers.Add(buffer);
        return buffer;
    }
}
